/*
 * CRD schema violations as lint findings (rule `crd-schema`), so actions and
 * the lint output report them like every other problem.
 */
import type {
  Finding,
  KubernetesObject,
} from '@gradual/plugin-rollouts-common';
import type { CrdSchemaValidator } from './crdValidation';

export function schemaFindings(
  objects: KubernetesObject[],
  validator: CrdSchemaValidator | undefined,
): Finding[] {
  if (!validator) return [];
  return objects.flatMap(object =>
    validator.validate(object).violations.map(v => ({
      rule: 'crd-schema',
      severity: 'error' as const,
      message: v.message,
      path: v.path,
      object: { kind: object.kind, name: object.metadata.name },
    })),
  );
}
