/*
 * The plan of a strategy change (YAML diff, JSON patch, lint with the objects
 * the new strategy references, companion objects to create), made on the live
 * Rollout. The strategy service shows it (dry run) or applies its patch.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Finding,
  KubernetesObject,
  RolloutsPlatformConfig,
  StrategyChangeResponse,
  StrategyReference,
  StrategySpec,
  countFindings,
  lintRollout,
  planStrategyChange,
  resolveStrategy,
  strategyObjectReferences,
  toYamlDocuments,
  ENVIRONMENT_LABEL,
} from '@gradual/plugin-rollouts-common';
import { KubeApiError } from '../kube/KubeClient';
import { toHttpError } from '../kube/kubeErrors';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { KubeRequester } from '../service/ActionExecutor';

const PATHS: Record<StrategyReference['kind'], (ns: string) => string> = {
  Service: ns => `/api/v1/namespaces/${encodeURIComponent(ns)}/services`,
  Ingress: ns =>
    `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/ingresses`,
  AnalysisTemplate: ns =>
    `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(
      ns,
    )}/analysistemplates`,
};

/** Services, Ingresses and namespaced AnalysisTemplates an Argo `spec.strategy` names, each once. */
export function strategyReferences(
  strategy: unknown,
): Array<Omit<StrategyReference, 'exists'>> {
  const refs = new Map<string, Omit<StrategyReference, 'exists'>>();
  for (const { kind, name } of strategyObjectReferences(strategy)) {
    refs.set(`${kind}/${name}`, { kind, name });
  }
  return [...refs.values()];
}

/** Where a rollout is deployed, as the strategy defaults resolve presets for it. */
export function deployTargetOf(rollout: KubeObject, cluster: string) {
  return {
    namespace: rollout.metadata.namespace ?? 'default',
    environment: rollout.metadata.labels?.[ENVIRONMENT_LABEL],
    cluster,
  };
}

/** The plan of changing `live`'s strategy to `spec` (never applied here). */
export async function planStrategyUpdate(
  options: {
    client: KubeRequester;
    platform: RolloutsPlatformConfig;
    logger: LoggerService;
  },
  clusterName: string,
  live: KubeObject,
  spec: StrategySpec,
): Promise<StrategyChangeResponse> {
  const { client, logger } = options;
  const { defaults, policies } = options.platform;
  const target = deployTargetOf(live, clusterName);
  const { settings } = resolveStrategy(defaults, target, { spec });
  const plan = planStrategyChange(live as KubernetesObject, spec, {
    settings,
    policies,
    context: { environment: target.environment },
  });
  const newStrategy = (plan.rollout as any).spec.strategy;

  // Which referenced objects exist decides the reference findings.
  const found: Record<StrategyReference['kind'], KubernetesObject[]> = {
    Service: [],
    Ingress: [],
    AnalysisTemplate: [],
  };
  const references: StrategyReference[] = await Promise.all(
    strategyReferences(newStrategy).map(async ref => {
      try {
        const object = await client.request<KubernetesObject>(
          'GET',
          `${PATHS[ref.kind](target.namespace)}/${encodeURIComponent(
            ref.name,
          )}`,
        );
        found[ref.kind].push(object);
        return { ...ref, exists: true };
      } catch (e) {
        if ((e as KubeApiError).statusCode === 404) {
          return { ...ref, exists: false };
        }
        throw toHttpError(e);
      }
    }),
  );
  const findings: Finding[] = lintRollout(plan.rollout, policies, {
    namespace: target.namespace,
    environment: target.environment,
    analysisTemplates: found.AnalysisTemplate,
    services: found.Service,
    ingresses: found.Ingress,
  });
  const missing = references.filter(r => !r.exists);
  const missingObjects = plan.companionObjects.filter(o =>
    missing.some(m => m.kind === o.kind && m.name === o.metadata.name),
  );
  logger.debug(
    `strategy plan for ${target.namespace}/${
      live.metadata.name
    }: ${JSON.stringify(countFindings(findings))}`,
  );
  return {
    applied: false,
    dryRun: true,
    resourceVersion: live.metadata.resourceVersion ?? '',
    currentYaml: toYamlDocuments([{ strategy: live.spec?.strategy ?? {} }]),
    proposedYaml: toYamlDocuments([{ strategy: newStrategy }]),
    yamlDiff: plan.yamlDiff,
    unchanged: plan.unchanged,
    patch: plan.patch,
    rolloutYaml: plan.rolloutYaml,
    findings,
    references,
    ...(missingObjects.length
      ? { missingObjectsYaml: toYamlDocuments(missingObjects) }
      : {}),
    managedByArgoCD: plan.managedByArgoCd,
  };
}
