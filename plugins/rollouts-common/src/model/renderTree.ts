import type {
  AnalysisRunSummary,
  ExperimentSummary,
  ImageInfo,
  ReplicaSetInfo,
  RevisionInfo,
  RolloutDetail,
} from '../types';
import { parseTime } from './kubeObjects';
import { humanDuration } from './durations';
import {
  analysisIcon,
  ICON_BAD,
  ICON_OK,
  ICON_UNKNOWN,
  ICON_WARNING,
  podIcon,
  replicaSetIcon,
  rolloutIcon,
} from './icons';
import { experimentImages, imageTagLabels } from './images';
import { analysisRunCounts } from './analysisRunInfo';

/*
 * Text output in exactly the format of `kubectl argo rollouts get rollout` /
 * `get experiment --no-color` (Argo Rollouts' kubectl plugin,
 * https://github.com/argoproj/argo-rollouts/tree/v1.8.5/pkg/kubectl-argo-rollouts/cmd/get), with
 * trailing spaces removed from every line.
 */

const ICON_ROLLOUT = '⟳';
const ICON_REVISION = '#';
const ICON_REPLICA_SET = '⧉';
const ICON_POD = '□';
const ICON_JOB = '⊞';
const ICON_EXPERIMENT = 'Σ';
const ICON_ANALYSIS = 'α';

/** Go's `%-17s%v` */
function field(label: string, value: string | number): string {
  return `${label.padEnd(17)}${value}`;
}

function width(text: string): number {
  return [...text].length;
}

/**
 * The tree's table, aligned like Go's `tabwriter` (min width 0, padding 2):
 * every cell but the last of a row is padded to its column's widest cell + 2.
 */
class TreeTable {
  private readonly rows: string[][] = [];

  add(
    name: string,
    kind: string,
    status: string,
    age: string,
    info: string,
  ): void {
    this.rows.push([name, kind, status, age, info]);
  }

  toLines(): string[] {
    const columns = 4;
    const widths = Array.from(
      { length: columns },
      (_, col) => Math.max(...this.rows.map(row => width(row[col]))) + 2,
    );
    return this.rows.map(row => {
      const padded = row
        .slice(0, columns)
        .map((cell, col) => cell + ' '.repeat(widths[col] - width(cell)));
      return [...padded, row[columns]].join('');
    });
  }
}

function prefixes(isLast: boolean, subPrefix: string): [string, string] {
  return isLast
    ? [`${subPrefix}└──`, `${subPrefix}   `]
    : [`${subPrefix}├──`, `${subPrefix}│  `];
}

function ageOf(createdAt: string | undefined, now: Date): string {
  const created = parseTime(createdAt);
  return created === undefined
    ? '<unknown>'
    : humanDuration(now.getTime() - created);
}

/** `info.ScaleDownDelay`: "passed", the time left, or "" when the deadline does not parse. */
export function scaleDownDelay(
  deadline: string | undefined,
  now: Date,
): string {
  const ms = parseTime(deadline);
  if (ms === undefined) {
    return '';
  }
  return ms < now.getTime() ? 'passed' : humanDuration(ms - now.getTime());
}

function formatImage(image: ImageInfo): string {
  const tags = imageTagLabels(image);
  return tags.length > 0 ? `${image.image} (${tags.join(', ')})` : image.image;
}

function imageLines(images: ImageInfo[]): string[] {
  return images.map((image, i) =>
    field(i === 0 ? 'Images:' : '', formatImage(image)),
  );
}

function addReplicaSet(
  table: TreeTable,
  rs: ReplicaSetInfo,
  prefix: string,
  subPrefix: string,
  now: Date,
) {
  const info: string[] = [];
  if (rs.tags.includes('stable')) info.push('stable');
  if (rs.tags.includes('canary')) info.push('canary');
  else if (rs.tags.includes('active')) info.push('active');
  else if (rs.tags.includes('preview')) info.push('preview');
  if (rs.tags.includes('ping')) info.push('ping');
  if (rs.tags.includes('pong')) info.push('pong');
  if (rs.scaleDownDeadline)
    info.push(`delay:${scaleDownDelay(rs.scaleDownDeadline, now)}`);
  table.add(
    `${prefix}${ICON_REPLICA_SET} ${rs.name}`,
    'ReplicaSet',
    `${replicaSetIcon(rs.status)} ${rs.status}`,
    ageOf(rs.createdAt, now),
    info.join(','),
  );
  rs.pods.forEach((pod, i) => {
    const [podPrefix] = prefixes(i === rs.pods.length - 1, subPrefix);
    const podInfo = [`ready:${pod.ready}`];
    if (pod.restarts > 0) podInfo.push(`restarts:${pod.restarts}`);
    table.add(
      `${podPrefix}${ICON_POD} ${pod.name}`,
      'Pod',
      `${podIcon(pod.status)} ${pod.status}`,
      ageOf(pod.createdAt, now),
      podInfo.join(','),
    );
  });
}

function addAnalysisRun(
  table: TreeTable,
  run: AnalysisRunSummary,
  prefix: string,
  subPrefix: string,
  now: Date,
) {
  const counts = analysisRunCounts(run);
  const info: string[] = [];
  if (counts.successful > 0) info.push(`${ICON_OK} ${counts.successful}`);
  if (counts.failed > 0) info.push(`${ICON_BAD} ${counts.failed}`);
  if (counts.inconclusive > 0)
    info.push(`${ICON_UNKNOWN} ${counts.inconclusive}`);
  if (counts.error > 0) info.push(`${ICON_WARNING} ${counts.error}`);
  table.add(
    `${prefix}${ICON_ANALYSIS} ${run.name}`,
    'AnalysisRun',
    `${analysisIcon(run.phase)} ${run.phase}`,
    ageOf(run.createdAt, now),
    info.join(','),
  );
  const jobs = run.jobs ?? [];
  jobs.forEach((job, i) => {
    const [jobPrefix] = prefixes(i === jobs.length - 1, subPrefix);
    table.add(
      `${jobPrefix}${ICON_JOB} ${job.name}`,
      'Job',
      `${analysisIcon(job.phase)} ${job.phase}`,
      ageOf(job.startedAt, now),
      '',
    );
  });
}

function addExperiment(
  table: TreeTable,
  exp: ExperimentSummary,
  prefix: string,
  subPrefix: string,
  now: Date,
) {
  table.add(
    `${prefix}${ICON_EXPERIMENT} ${exp.name}`,
    'Experiment',
    `${analysisIcon(exp.phase)} ${exp.phase}`,
    ageOf(exp.createdAt, now),
    '',
  );
  const total = exp.replicaSets.length + exp.analysisRuns.length;
  let current = 0;
  for (const rs of exp.replicaSets) {
    const [childPrefix, childSubPrefix] = prefixes(
      current === total - 1,
      subPrefix,
    );
    addReplicaSet(table, rs, childPrefix, childSubPrefix, now);
    current++;
  }
  for (const run of exp.analysisRuns) {
    const [childPrefix, childSubPrefix] = prefixes(
      current === total - 1,
      subPrefix,
    );
    addAnalysisRun(table, run, childPrefix, childSubPrefix, now);
    current++;
  }
}

function addRevision(
  table: TreeTable,
  revision: RevisionInfo,
  prefix: string,
  subPrefix: string,
  now: Date,
) {
  table.add(
    `${prefix}${ICON_REVISION} revision:${revision.revision}`,
    '',
    ' ',
    '',
    '',
  );
  const total =
    revision.replicaSets.length +
    revision.experiments.length +
    revision.analysisRuns.length;
  let current = 0;
  for (const rs of revision.replicaSets) {
    const [childPrefix, childSubPrefix] = prefixes(
      current === total - 1,
      subPrefix,
    );
    addReplicaSet(table, rs, childPrefix, childSubPrefix, now);
    current++;
  }
  for (const exp of revision.experiments) {
    const [childPrefix, childSubPrefix] = prefixes(
      current === total - 1,
      subPrefix,
    );
    addExperiment(table, exp, childPrefix, childSubPrefix, now);
    current++;
  }
  for (const run of revision.analysisRuns) {
    const [childPrefix, childSubPrefix] = prefixes(
      current === total - 1,
      subPrefix,
    );
    addAnalysisRun(table, run, childPrefix, childSubPrefix, now);
    current++;
  }
}

function finish(lines: string[]): string {
  return `${lines.map(line => line.replace(/ +$/, '')).join('\n')}\n`;
}

function newTable(): TreeTable {
  const table = new TreeTable();
  table.add('NAME', 'KIND', 'STATUS', 'AGE', 'INFO');
  return table;
}

/** The output of `kubectl argo rollouts get rollout <name> --no-color` for a described rollout. */
export function renderRolloutTree(detail: RolloutDetail, now: Date): string {
  const lines = [
    field('Name:', detail.name),
    field('Namespace:', detail.namespace),
    field('Status:', `${rolloutIcon(detail.phase)} ${detail.phase}`),
  ];
  if (detail.message) {
    lines.push(field('Message:', detail.message));
  }
  lines.push(
    field(
      'Strategy:',
      detail.strategy === 'blueGreen' ? 'BlueGreen' : 'Canary',
    ),
  );
  if (detail.strategy === 'canary') {
    lines.push(
      field(
        '  Step:',
        detail.step ? `${detail.step.index}/${detail.step.count}` : '',
      ),
    );
    lines.push(field('  SetWeight:', detail.setWeight ?? ''));
    lines.push(field('  ActualWeight:', detail.actualWeight ?? ''));
  }
  lines.push(...imageLines(detail.images));
  lines.push('Replicas:');
  lines.push(field('  Desired:', detail.replicas.desired));
  lines.push(field('  Current:', detail.replicas.current));
  lines.push(field('  Updated:', detail.replicas.updated));
  lines.push(field('  Ready:', detail.replicas.ready));
  lines.push(field('  Available:', detail.replicas.available));
  lines.push('');

  const table = newTable();
  table.add(
    `${ICON_ROLLOUT} ${detail.name}`,
    'Rollout',
    `${rolloutIcon(detail.phase)} ${detail.phase}`,
    ageOf(detail.createdAt, now),
    '',
  );
  detail.revisions.forEach((revision, i) => {
    const [prefix, subPrefix] = prefixes(i === detail.revisions.length - 1, '');
    addRevision(table, revision, prefix, subPrefix, now);
  });
  return finish([...lines, ...table.toLines()]);
}

/** The output of `kubectl argo rollouts get experiment <name> --no-color`. */
export function renderExperimentTree(
  experiment: ExperimentSummary,
  now: Date,
): string {
  const lines = [
    field('Name:', experiment.name),
    field('Namespace:', experiment.namespace ?? ''),
    field('Status:', `${analysisIcon(experiment.phase)} ${experiment.phase}`),
  ];
  if (experiment.message) {
    lines.push(field('Message:', experiment.message));
  }
  lines.push(...imageLines(experimentImages(experiment)));
  lines.push('');
  const table = newTable();
  addExperiment(table, experiment, '', '', now);
  return finish([...lines, ...table.toLines()]);
}
