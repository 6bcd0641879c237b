/*
 * Server-side apply of YAML manifests, like `kubectl apply --server-side`.
 */
import fs from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { KubeClients, errorStatus } from './clients';

export const FIELD_MANAGER = 'gradual-local-cluster';

/**
 * Parses a multi-document YAML string into objects (skipping empty ones).
 * Built-in kinds are deserialized into client-node's model form, which is
 * what KubernetesObjectApi serializes from: passing raw JSON-shaped objects
 * would silently drop fields whose model name differs, such as a CRD's
 * `x-kubernetes-int-or-string`.
 */
export function parseManifests(text: string): k8s.KubernetesObject[] {
  // One document at a time: client-node cannot deserialize an empty
  // document (a trailing `---`, comments only), which is skipped.
  return text
    .split(/^---[ \t]*$/m)
    .filter(doc => doc.replace(/^\s*#.*$/gm, '').trim() !== '')
    .flatMap(doc => k8s.loadAllYaml(doc))
    .filter((obj: any) => obj && typeof obj === 'object' && obj.kind);
}

export function readManifests(
  file: string,
  substitutions: Record<string, string> = {},
): k8s.KubernetesObject[] {
  let text = fs.readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(substitutions)) {
    text = text.split(`\${${key}}`).join(value);
  }
  return parseManifests(text);
}

/** Applies each object in order, optionally forcing a namespace. */
export async function applyObjects(
  clients: KubeClients,
  objects: k8s.KubernetesObject[],
  options: { namespace?: string } = {},
): Promise<k8s.KubernetesObject[]> {
  const applied: k8s.KubernetesObject[] = [];
  for (const obj of objects) {
    const spec = structuredClone(obj);
    if (options.namespace && spec.kind !== 'Namespace') {
      spec.metadata = { ...spec.metadata, namespace: options.namespace };
    }
    applied.push(
      await clients.objects.patch(
        spec,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        k8s.PatchStrategy.ServerSideApply,
      ),
    );
  }
  return applied;
}

/**
 * Creates each object that does not exist yet and leaves existing ones
 * untouched (so `up` on a running cluster never undoes a demo deploy).
 * Returns the names of the objects it created.
 */
export async function createMissing(
  clients: KubeClients,
  objects: k8s.KubernetesObject[],
  options: { namespace?: string } = {},
): Promise<string[]> {
  const created: string[] = [];
  for (const obj of objects) {
    const spec = structuredClone(obj);
    if (options.namespace && spec.kind !== 'Namespace') {
      spec.metadata = { ...spec.metadata, namespace: options.namespace };
    }
    try {
      await clients.objects.create(spec, undefined, undefined, FIELD_MANAGER);
      created.push(`${spec.kind}/${spec.metadata?.name}`);
    } catch (e) {
      if (errorStatus(e) !== 409) throw e;
    }
  }
  return created;
}
