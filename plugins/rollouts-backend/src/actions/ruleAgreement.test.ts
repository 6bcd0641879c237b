/*
 * The shared rule is the only applicability decision: over every rollout of
 * the upstream Argo Rollouts fixtures (read from ../shared, never copied) and
 * every action, "the rule says applicable" ⇔ "the backend's decision does
 * not answer 409", and an applicable action's plan sends something. A
 * forceable refusal goes ahead once forced.
 */
import fs from 'fs';
import { ConflictError, InputError } from '@backstage/errors';
import {
  ROLLOUT_ACTIONS,
  RolloutActionName,
  describeRollout,
} from '@gradual/plugin-rollouts-common';
import path from 'path';
import { parse } from 'yaml';
import { ACTION_TABLE, PlanContext } from './actionTable';
import { decideAction } from './decideAction';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { INFO_TESTDATA_DIR } from '@gradual/test-utils';

const NOW = new Date('2026-08-17T16:21:11.250Z');
/** The upstream `info/testdata` scenarios, beside the repository. */
const TESTDATA = INFO_TESTDATA_DIR;
const SCENARIOS = fs
  .readdirSync(TESTDATA)
  .filter(d => fs.statSync(path.join(TESTDATA, d)).isDirectory())
  .sort();

/** A scenario's objects by kind (ownership is decided by the model, by UID). */
function scenarioObjects(scenario: string) {
  const byKind = (kind: string): KubeObject[] =>
    fs
      .readdirSync(path.join(TESTDATA, scenario))
      .map(f =>
        parse(fs.readFileSync(path.join(TESTDATA, scenario, f), 'utf8')),
      )
      .filter(o => o?.kind === kind);
  return {
    rollouts: byKind('Rollout'),
    replicaSets: byKind('ReplicaSet'),
    pods: byKind('Pod'),
    analysisRuns: byKind('AnalysisRun'),
    experiments: byKind('Experiment'),
    deployments: byKind('Deployment'),
  };
}

const REQUESTS: Partial<Record<RolloutActionName, PlanContext['request']>> = {
  'set-image': { container: '*', image: 'registry.local/agreement:9.9.9' },
};

const cases = SCENARIOS.flatMap(scenario => {
  const objects = scenarioObjects(scenario);
  return objects.rollouts.flatMap(rollout =>
    ROLLOUT_ACTIONS.map(action => ({
      scenario,
      rollout: rollout.metadata.name,
      action,
      objects,
      live: rollout,
    })),
  );
});

function decide(c: (typeof cases)[number], request: PlanContext['request']) {
  const { objects, live } = c;
  const owned = objects.replicaSets.filter(rs =>
    (rs.metadata.ownerReferences ?? []).some(
      o => o.controller && o.uid === live.metadata.uid,
    ),
  );
  const workload = objects.deployments.find(
    d => d.metadata.name === live.spec?.workloadRef?.name,
  );
  const detail = describeRollout(
    'fixtures',
    { ...objects, rollout: live, ...(workload ? { workload } : {}) },
    NOW,
  );
  const def = ACTION_TABLE[c.action];
  return {
    applicability: def.isApplicable(detail, request),
    decision: decideAction(def, detail, {
      rollout: live as KubeObject,
      request,
      now: NOW,
      listReplicaSets: async () => owned as KubeObject[],
      // As the executor's live GET: a missing workload is a 400.
      getWorkload: async (kind, name) => {
        const list =
          kind === 'Deployment' ? objects.deployments : objects.replicaSets;
        const found = list.find(d => d.metadata.name === name);
        if (!found)
          throw new InputError(
            `the rollout's workloadRef ${kind} ${name} does not exist`,
          );
        return {
          ...found,
          metadata: { ...found.metadata, resourceVersion: '1' },
        } as KubeObject;
      },
    }),
  };
}

describe('rule ⇔ plan, over every fixture rollout and action', () => {
  it('covers every scenario of the fixtures', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(cases.map(c => c.scenario)).size).toBe(SCENARIOS.length);
  });

  /** What the backend does with a decision: sends calls, or answers 409 / 400. */
  const outcomeOf = async (
    decision: ReturnType<typeof decide>['decision'],
  ): Promise<string> => {
    try {
      const { calls, forced } = await decision;
      if (calls.length === 0) return 'sends nothing';
      return forced ? 'sends (forced)' : 'sends';
    } catch (e) {
      if (e instanceof ConflictError) return '409';
      if (e instanceof InputError) return '400';
      return (e as Error).message;
    }
  };

  it.each(cases.map(c => [c.scenario, c.rollout, c.action, c] as const))(
    '%s / %s: %s',
    async (_s, _r, action, c) => {
      const request = REQUESTS[action] ?? {};
      const { applicability, decision } = decide(c, request);
      const outcome = await outcomeOf(decision);
      const forced = await outcomeOf(
        decide(c, { ...request, force: true }).decision,
      );
      // The fixture's workloadRef names a ReplicaSet; set-image, like the
      // CLI, looks for a Deployment of that name: a 400, never a 409.
      const sends =
        `${c.rollout} ${action}` === 'canary-demo-workloadRef set-image'
          ? '400'
          : 'sends';
      let expected: { outcome: string; forced: string };
      if (applicability.applicable)
        expected = { outcome: sends, forced: sends };
      else if (applicability.forceable)
        expected = { outcome: '409', forced: 'sends (forced)' };
      else expected = { outcome: '409', forced: '409' };
      expect({ outcome, forced }).toEqual(expected);
    },
  );
});
