import {
  ReactNode,
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import Alert from '@material-ui/lab/Alert';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ActionRequest,
  RolloutActionName,
  RolloutDetail,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { useEntityInfo } from '../../hooks';

/** Shown when the backend answers 409: the rollout changed since it was rendered. */
export const MOVED_ON_MESSAGE =
  'The rollout moved on since this page was loaded, so nothing was changed. The view has been refreshed: check the new state and try again.';

type Feedback =
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; message: string };

export interface RolloutActionsValue {
  detail: RolloutDetail;
  entityRef: string;
  pendingAction?: RolloutActionName;
  /** Reloads the rollout (after a change made outside `run`, e.g. a new strategy). */
  refresh(): void;
  /**
   * Sends the action with the `expected` precondition taken from the data
   * the controls were rendered with. Resolves true on success.
   */
  run(
    action: RolloutActionName,
    label: string,
    request?: Omit<ActionRequest, 'expected'>,
  ): Promise<boolean>;
}

const RolloutActionsContext = createContext<RolloutActionsValue | undefined>(
  undefined,
);

export function useRolloutActions(): RolloutActionsValue {
  const value = useContext(RolloutActionsContext);
  if (!value) {
    throw new Error(
      'useRolloutActions must be used inside RolloutActionsProvider',
    );
  }
  return value;
}

/** The precondition of an action: what the user saw when they clicked. */
export function expectedFrom(detail: RolloutDetail): ActionRequest['expected'] {
  return {
    step: detail.step?.index,
    revision: detail.revision,
    resourceVersion: detail.resourceVersion,
  };
}

/**
 * Runs rollout actions for the controls below it and shows their outcome:
 * success through the alert API, a conflict or an error inline.
 */
export function RolloutActionsProvider(props: {
  detail: RolloutDetail;
  onChanged: () => void;
  children: ReactNode;
}) {
  const { detail, onChanged, children } = props;
  const api = useApi(rolloutsApiRef);
  const alertApi = useApi(alertApiRef);
  const { entityRef, entityName } = useEntityInfo();
  const [pendingAction, setPendingAction] = useState<RolloutActionName>();
  const [feedback, setFeedback] = useState<Feedback>();

  const run = useCallback(
    async (
      action: RolloutActionName,
      label: string,
      request: Omit<ActionRequest, 'expected'> = {},
    ) => {
      setPendingAction(action);
      setFeedback(undefined);
      try {
        const result = await api.runAction(entityName, detail, action, {
          ...request,
          expected: expectedFrom(detail),
        });
        const pullRequest = result?.gitOps?.pullRequest;
        alertApi.post({
          message: pullRequest
            ? `${label}: pull request #${pullRequest.number} ${
                result.gitOps!.created ? 'opened' : 'already open'
              } (${pullRequest.url}); Argo CD applies it once merged.`
            : `${label}: sent to ${detail.name}.`,
          severity: 'success',
          display: 'transient',
        });
        onChanged();
        return true;
      } catch (e) {
        if (e instanceof ResponseError && e.statusCode === 409) {
          setFeedback({ kind: 'conflict', message: MOVED_ON_MESSAGE });
          onChanged();
        } else if (e instanceof ResponseError && e.statusCode === 403) {
          setFeedback({
            kind: 'error',
            message: `${label} was refused: you are not allowed to do this on ${detail.name}.`,
          });
        } else {
          setFeedback({
            kind: 'error',
            message: `${label} failed: ${(e as Error).message}`,
          });
        }
        return false;
      } finally {
        setPendingAction(undefined);
      }
    },
    [api, alertApi, entityName, detail, onChanged],
  );

  const value = useMemo(
    () => ({ detail, entityRef, pendingAction, run, refresh: onChanged }),
    [detail, entityRef, pendingAction, run, onChanged],
  );

  return (
    <RolloutActionsContext.Provider value={value}>
      {feedback && (
        <Alert
          severity={feedback.kind === 'conflict' ? 'warning' : 'error'}
          onClose={() => setFeedback(undefined)}
          data-testid="action-feedback"
          style={{ marginBottom: 8 }}
        >
          {feedback.message}
        </Alert>
      )}
      {children}
    </RolloutActionsContext.Provider>
  );
}
