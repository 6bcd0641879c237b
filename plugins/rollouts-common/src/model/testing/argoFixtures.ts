/*
 * Test helper: loads the Argo Rollouts `info/testdata` scenarios the way
 * upstream's `testdata.discoverObjects` does (file-name order, grouped by
 * kind, every creationTimestamp set to "now - 7 days", the first metric's
 * measurement times too). Used by tests only.
 */
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import type { KubeObject } from '../kubeObjects';

export const FIXTURES_DIR = path.resolve(
  __dirname,
  '../../../../..',
  '../shared/fixtures/argo-rollouts',
);

export interface ScenarioObjects {
  rollouts: KubeObject[];
  replicaSets: KubeObject[];
  pods: KubeObject[];
  experiments: KubeObject[];
  analysisRuns: KubeObject[];
  deployments: KubeObject[];
}

/** RFC 3339 of `ms`, truncated to whole seconds (Go's `Truncate(time.Second)`). */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

export function loadScenario(scenario: string, now: Date): ScenarioObjects {
  const dir = path.join(FIXTURES_DIR, 'info/testdata', scenario);
  const aWeekAgo = rfc3339Seconds(now.getTime() - 7 * 24 * 3600 * 1000);
  const objects: ScenarioObjects = {
    rollouts: [],
    replicaSets: [],
    pods: [],
    experiments: [],
    analysisRuns: [],
    deployments: [],
  };
  const lists: Record<string, KubeObject[]> = {
    Rollout: objects.rollouts,
    ReplicaSet: objects.replicaSets,
    Pod: objects.pods,
    Experiment: objects.experiments,
    AnalysisRun: objects.analysisRuns,
    Deployment: objects.deployments,
  };
  for (const file of fs.readdirSync(dir).sort()) {
    const obj = parse(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    ) as KubeObject;
    const list = obj.kind ? lists[obj.kind] : undefined;
    if (!list) {
      continue;
    }
    obj.metadata.creationTimestamp = aWeekAgo;
    if (obj.kind === 'AnalysisRun') {
      for (const m of obj.status?.metricResults?.[0]?.measurements ?? []) {
        m.startedAt = aWeekAgo;
        m.finishedAt = aWeekAgo;
      }
    }
    list.push(obj);
  }
  return objects;
}

export function readExpectedOutput(name: string): string {
  return fs.readFileSync(
    path.join(FIXTURES_DIR, 'expected-output/get', name),
    'utf8',
  );
}
