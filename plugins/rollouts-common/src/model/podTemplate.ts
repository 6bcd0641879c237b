/*
 * The pod template of a revision (from its ReplicaSet), summarized to what a
 * person compares between two revisions — images, command and args, env,
 * resources, ports — and the diff of two of them.
 */
import type {
  ContainerTemplateInfo,
  PodTemplateChange,
  PodTemplateInfo,
} from '../types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.map(String) : undefined;

/** `valueFrom` in words: `secretKeyRef db/password`, `fieldRef metadata.name`. */
function describeValueFrom(valueFrom: Unstructured): string {
  const [kind, ref] = Object.entries(valueFrom ?? {})[0] ?? [];
  if (!kind) return 'valueFrom';
  const r: Unstructured = ref ?? {};
  const target =
    r.name !== undefined && r.key !== undefined
      ? `${r.name}/${r.key}`
      : r.fieldPath ?? r.resource ?? JSON.stringify(r);
  return `${kind} ${target}`;
}

function quantities(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length
    ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)]))
    : undefined;
}

function containerInfo(c: Unstructured): ContainerTemplateInfo {
  const info: ContainerTemplateInfo = {
    name: String(c?.name ?? ''),
    image: String(c?.image ?? ''),
  };
  const command = strings(c?.command);
  if (command) info.command = command;
  const args = strings(c?.args);
  if (args) info.args = args;
  if (Array.isArray(c?.env) && c.env.length) {
    info.env = c.env.map((e: Unstructured) => ({
      name: String(e?.name ?? ''),
      ...(e?.value !== undefined ? { value: String(e.value) } : {}),
      ...(e?.valueFrom ? { valueFrom: describeValueFrom(e.valueFrom) } : {}),
    }));
  }
  const requests = quantities(c?.resources?.requests);
  const limits = quantities(c?.resources?.limits);
  if (requests || limits) {
    info.resources = {
      ...(requests ? { requests } : {}),
      ...(limits ? { limits } : {}),
    };
  }
  if (Array.isArray(c?.ports) && c.ports.length) {
    info.ports = c.ports.map(
      (p: Unstructured) =>
        `${p?.name ? `${p.name}:` : ''}${p?.containerPort}/${
          p?.protocol ?? 'TCP'
        }`,
    );
  }
  return info;
}

/** The summary of a pod template (`spec.template` of a ReplicaSet or Rollout). */
export function summarizePodTemplate(template: unknown): PodTemplateInfo {
  const spec: Unstructured = (template as Unstructured)?.spec ?? {};
  const info: PodTemplateInfo = {
    containers: (spec.containers ?? []).map(containerInfo),
  };
  if (Array.isArray(spec.initContainers) && spec.initContainers.length) {
    info.initContainers = spec.initContainers.map(containerInfo);
  }
  return info;
}

const envText = (e: NonNullable<ContainerTemplateInfo['env']>[number]) =>
  e.valueFrom !== undefined ? `(${e.valueFrom})` : e.value ?? '';

function diffMaps(
  container: string,
  field: PodTemplateChange['field'],
  before: Record<string, string>,
  after: Record<string, string>,
  init: boolean,
): PodTemplateChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter(key => before[key] !== after[key])
    .map(key => ({
      container,
      ...(init ? { init } : {}),
      field,
      key,
      ...(before[key] !== undefined ? { before: before[key] } : {}),
      ...(after[key] !== undefined ? { after: after[key] } : {}),
    }));
}

function flatResources(c: ContainerTemplateInfo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of ['requests', 'limits'] as const) {
    for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) {
      out[`${kind}.${k}`] = v;
    }
  }
  return out;
}

const joined = (list?: string[]) => (list ? list.join(' ') : undefined);

function diffContainer(
  a: ContainerTemplateInfo,
  b: ContainerTemplateInfo,
  init: boolean,
): PodTemplateChange[] {
  const changes: PodTemplateChange[] = [];
  const scalar = (
    field: PodTemplateChange['field'],
    before?: string,
    after?: string,
  ) => {
    if (before === after) return;
    changes.push({
      container: a.name,
      ...(init ? { init } : {}),
      field,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  };
  scalar('image', a.image, b.image);
  scalar('command', joined(a.command), joined(b.command));
  scalar('args', joined(a.args), joined(b.args));
  const env = (c: ContainerTemplateInfo) =>
    Object.fromEntries((c.env ?? []).map(e => [e.name, envText(e)]));
  changes.push(...diffMaps(a.name, 'env', env(a), env(b), init));
  changes.push(
    ...diffMaps(a.name, 'resources', flatResources(a), flatResources(b), init),
  );
  scalar('ports', joined(a.ports), joined(b.ports));
  return changes;
}

function diffContainers(
  from: ContainerTemplateInfo[],
  to: ContainerTemplateInfo[],
  init: boolean,
): PodTemplateChange[] {
  const changes: PodTemplateChange[] = [];
  for (const a of from) {
    const b = to.find(c => c.name === a.name);
    if (b) changes.push(...diffContainer(a, b, init));
    else
      changes.push({
        container: a.name,
        ...(init ? { init } : {}),
        field: 'container',
        before: a.image,
      });
  }
  for (const b of to) {
    if (!from.some(a => a.name === b.name)) {
      changes.push({
        container: b.name,
        ...(init ? { init } : {}),
        field: 'container',
        after: b.image,
      });
    }
  }
  return changes;
}

/**
 * What changed from one pod template to another, container by container
 * (matched by name): added / removed containers, image, command, args, each
 * env variable, each resource request / limit, ports.
 */
export function diffPodTemplates(
  from: PodTemplateInfo,
  to: PodTemplateInfo,
): PodTemplateChange[] {
  return [
    ...diffContainers(from.initContainers ?? [], to.initContainers ?? [], true),
    ...diffContainers(from.containers, to.containers, false),
  ];
}
