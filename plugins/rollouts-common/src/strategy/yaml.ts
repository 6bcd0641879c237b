/*
 * Multi-document YAML in and out, with the `yaml` library.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { KubernetesObject } from './types';

/**
 * One YAML document per object, separated by `---`; no line folding and no
 * anchors/aliases for shared sub-objects, so the output reads like
 * hand-written manifests.
 */
export function toYamlDocuments(objects: unknown[]): string {
  return objects
    .map(object =>
      stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }),
    )
    .join('---\n');
}

/**
 * Parses a (multi-document) YAML string into Kubernetes objects, skipping
 * empty documents. Throws with the document number on a syntax error or on a
 * document that is not an object with `apiVersion`, `kind` and `metadata.name`.
 */
export function parseYamlDocuments(text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length) {
      throw new Error(`YAML document ${index + 1}: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (
      typeof value !== 'object' ||
      typeof value.apiVersion !== 'string' ||
      typeof value.kind !== 'string' ||
      typeof value.metadata?.name !== 'string'
    ) {
      throw new Error(
        `YAML document ${
          index + 1
        } is not a Kubernetes object (apiVersion, kind and metadata.name are required)`,
      );
    }
    objects.push(value as KubernetesObject);
  });
  return objects;
}
