//

// ******************************************************************
// * The endpoint map of src/schema/openapi.yaml. `yarn generate:openapi`
// * regenerates this directory (it needs the openapi-generator jar);
// * the request/response types are the contract types of -common.
// ******************************************************************
import type {
  ActionHistoryResponse,
  ActionRequest,
  ActionResponse,
  ClusterStatus,
  EntityRolloutsResponse,
  RolloutActionName,
  RolloutDetail,
  RolloutWaitResult,
  StrategyChangeRequest,
  StrategyChangeResponse,
  StrategyOptionsResponse,
} from '@gradual/plugin-rollouts-common';

type EntityPath = { kind: string; namespace: string; name: string };
type RolloutPath = EntityPath & {
  cluster: string;
  rolloutNamespace: string;
  rolloutName: string;
};

export type EndpointMap = {
  '#get|/health': {
    response: { status: 'ok'; clusters: ClusterStatus[] };
  };
  '#get|/entities/{kind}/{namespace}/{name}/rollouts': {
    path: EntityPath;
    response: EntityRolloutsResponse;
  };
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}': {
    path: RolloutPath;
    response: RolloutDetail;
  };
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/actions/{action}': {
    path: RolloutPath & { action: RolloutActionName };
    body: ActionRequest;
    response: ActionResponse;
  };
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/strategy': {
    path: RolloutPath;
    response: StrategyOptionsResponse;
  };
  '#post|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/strategy': {
    path: RolloutPath;
    body: StrategyChangeRequest;
    response: StrategyChangeResponse;
  };
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/history': {
    path: RolloutPath;
    query: { limit?: number };
    response: ActionHistoryResponse;
  };
  '#get|/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/status': {
    path: RolloutPath;
    query: {
      until?: 'healthy' | 'paused' | 'completed';
      timeout?: string;
      progress?: 'true' | 'false';
    };
    response: RolloutWaitResult;
  };
};
