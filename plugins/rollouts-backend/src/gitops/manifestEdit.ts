/*
 * The edit a GitOps pull request makes to a manifest file: find the document
 * of one object (kind / name / namespace) among the file's YAML documents and
 * change only the fields the request changes, through the `yaml` Document
 * API so that comments, key order, quoting and the other documents of the
 * file stay as they are.
 */
import { ConflictError, InputError } from '@backstage/errors';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/** The object of a file a change applies to. */
export interface ManifestObject {
  kind: string;
  name: string;
  /** The live namespace: a document without `metadata.namespace` matches too. */
  namespace: string;
}

/** What a pull request changes in the object's document. */
export type ManifestChange =
  | { kind: 'strategy'; strategy: unknown }
  | { kind: 'set-image'; container: string; image: string };

/** How a file's document names the object. */
export type DocumentMatch = 'namespace' | 'no-namespace';

/**
 * How the file's document matches the object: `namespace` when it names the
 * namespace, `no-namespace` when it has none (the Argo CD Application's
 * destination namespace applies), undefined when it is another object or the
 * file is not YAML.
 */
export function matchManifest(
  text: string,
  object: ManifestObject,
): DocumentMatch | undefined {
  const found = findDocument(parseDocuments(text), object);
  return found?.match;
}

function parseDocuments(text: string): Document[] | undefined {
  try {
    const docs = parseAllDocuments(text);
    // A stream (`parseAllDocuments` answers an EmptyStream for no document).
    if (!Array.isArray(docs)) return [];
    if (docs.some(d => d.errors.length > 0)) return undefined;
    return docs;
  } catch {
    return undefined;
  }
}

function findDocument(
  docs: Document[] | undefined,
  object: ManifestObject,
): { doc: Document; match: DocumentMatch } | undefined {
  let fallback: Document | undefined;
  for (const doc of docs ?? []) {
    const kind = doc.getIn(['kind']);
    const name = doc.getIn(['metadata', 'name']);
    const namespace = doc.getIn(['metadata', 'namespace']);
    if (kind !== object.kind || name !== object.name) continue;
    if (namespace === object.namespace) return { doc, match: 'namespace' };
    if (namespace === undefined || namespace === null) fallback ??= doc;
  }
  return fallback ? { doc: fallback, match: 'no-namespace' } : undefined;
}

/**
 * The file with `change` applied to the object's document; the text is
 * returned as it was when the document already holds the change. 409 when
 * the file has no such object or the change does not apply to it.
 */
export function editManifest(
  text: string,
  object: ManifestObject,
  change: ManifestChange,
): string {
  const docs = parseDocuments(text);
  if (!docs) throw new ConflictError('the manifest file is not valid YAML');
  const found = findDocument(docs, object);
  if (!found) {
    throw new ConflictError(
      `the manifest file has no ${object.kind} ${object.namespace}/${object.name}`,
    );
  }
  const { doc } = found;
  if (change.kind === 'strategy') {
    setValue(doc, ['spec', 'strategy'], change.strategy);
  } else {
    setImage(doc, object, change);
  }
  return docs.map(d => d.toString()).join('');
}

/** `kubectl argo rollouts set image` (Argo Rollouts' kubectl plugin, https://github.com/argoproj/argo-rollouts/blob/v1.8.5/pkg/kubectl-argo-rollouts/cmd/set/set_image.go) on a document: the init, regular and ephemeral containers named `container` (or all, `*`). */
function setImage(
  doc: Document,
  object: ManifestObject,
  change: { container: string; image: string },
) {
  let found = false;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const path = ['spec', 'template', 'spec', list];
    const containers = doc.getIn(path);
    if (!isSeq(containers)) continue;
    for (let i = 0; i < containers.items.length; i++) {
      const c = containers.items[i];
      if (!isMap(c)) continue;
      if (change.container !== '*' && c.get('name') !== change.container) {
        continue;
      }
      found = true;
      if (c.get('image') !== change.image) {
        doc.setIn([...path, i, 'image'], change.image);
      }
    }
  }
  if (!found) {
    throw new InputError(
      `the manifest of ${object.kind} ${object.name} has no container named "${change.container}"`,
    );
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sets `path` to `value` keeping the nodes (and their comments) of the
 * parts that do not change: maps and equally long lists are updated in
 * place, a scalar only when its value differs.
 */
function setValue(doc: Document, path: (string | number)[], value: unknown) {
  const node = doc.getIn(path, true);
  if (isMap(node) && isPlainObject(value)) {
    updateMap(doc, node, value);
    return;
  }
  if (
    isSeq(node) &&
    Array.isArray(value) &&
    node.items.length === value.length
  ) {
    updateSeq(doc, node, value);
    return;
  }
  if (isScalar(node) && node.value === value) return;
  doc.setIn(path, doc.createNode(value));
}

function updateMap(
  doc: Document,
  node: YAMLMap,
  value: Record<string, unknown>,
) {
  for (const pair of [...node.items]) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key !== 'string' || !(key in value)) node.delete(pair.key);
  }
  for (const [key, child] of Object.entries(value)) {
    updateChild(doc, node, key, child);
  }
}

function updateSeq(doc: Document, node: YAMLSeq, value: unknown[]) {
  value.forEach((child, i) => updateChild(doc, node, i, child));
}

function updateChild(
  doc: Document,
  parent: YAMLMap | YAMLSeq,
  key: string | number,
  value: unknown,
) {
  const node = parent.get(key, true);
  if (isMap(node) && isPlainObject(value)) updateMap(doc, node, value);
  else if (
    isSeq(node) &&
    Array.isArray(value) &&
    node.items.length === value.length
  ) {
    updateSeq(doc, node, value);
  } else if (!(isScalar(node) && node.value === value)) {
    parent.set(key, doc.createNode(value));
  }
}
