/*
 * Validates objects against the `openAPIV3Schema` of real
 * CustomResourceDefinitions (the Argo Rollouts CRDs) with ajv, the way the
 * API server does with kubectl's default strict field validation:
 *
 * - objects with `properties` reject unknown fields unless
 *   `x-kubernetes-preserve-unknown-fields` is set;
 * - `x-kubernetes-int-or-string` accepts an integer or a string;
 * - `nullable` allows null;
 * - formats `int32`, `int64`, `date-time` are checked; unknown formats pass;
 * - `x-kubernetes-validations` (CEL) rules are not evaluated (the Argo CRDs
 *   only have the transition rule `self == oldSelf`, which create never hits).
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

type JsonSchema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SchemaViolation {
  /** Field path, e.g. `spec.strategy.canary.steps[0].setWieght`. */
  path: string;
  message: string;
}

export interface CrdValidationResult {
  /** False when no CRD is known for the object's apiVersion and kind. */
  checked: boolean;
  valid: boolean;
  violations: SchemaViolation[];
}

const KUBERNETES_KEYWORDS = [
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
];

const NUMBER_FORMATS: Record<string, (value: number) => boolean> = {
  int32: v => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31,
  int64: v => Number.isInteger(v),
};
const STRING_FORMATS: Record<string, (value: string) => boolean> = {
  'date-time': v =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(v),
};

/** Structural CRD schema → JSON schema that ajv checks like the API server. */
export function toJsonSchema(schema: JsonSchema): JsonSchema {
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = { ...schema };
  delete out.description;
  if (out['x-kubernetes-int-or-string'] && !out.anyOf && !out.type) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [
        k,
        toJsonSchema(v as JsonSchema),
      ]),
    );
    if (
      out.additionalProperties === undefined &&
      !out['x-kubernetes-preserve-unknown-fields']
    ) {
      out.additionalProperties = false;
    }
  }
  if (
    out.additionalProperties &&
    typeof out.additionalProperties === 'object'
  ) {
    out.additionalProperties = toJsonSchema(out.additionalProperties);
  }
  if (out.items) out.items = toJsonSchema(out.items);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(out[key])) out[key] = out[key].map(toJsonSchema);
  }
  if (out.not) out.not = toJsonSchema(out.not);
  return out;
}

function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => {
      if (/^\d+$/.test(part)) return `${acc}[${part}]`;
      return acc ? `${acc}.${part}` : part;
    }, '');
}

function toViolations(errors: ErrorObject[]): SchemaViolation[] {
  const seen = new Set<string>();
  const violations: SchemaViolation[] = [];
  for (const e of errors) {
    // anyOf (int-or-string) explains itself once, not per branch.
    if (e.keyword === 'type' && /\/anyOf\/\d+\/type$/.test(e.schemaPath))
      continue;
    let where = fieldPath(e.instancePath);
    let message: string;
    if (e.keyword === 'additionalProperties') {
      const field = (e.params as { additionalProperty: string })
        .additionalProperty;
      where = where ? `${where}.${field}` : field;
      message = `unknown field "${field}"`;
    } else if (e.keyword === 'anyOf') {
      message = 'must be an integer or a string';
    } else if (e.keyword === 'required') {
      const field = (e.params as { missingProperty: string }).missingProperty;
      where = where ? `${where}.${field}` : field;
      message = 'Required value';
    } else if (e.keyword === 'enum') {
      message = `${e.message}: ${(
        e.params as { allowedValues: unknown[] }
      ).allowedValues.join(', ')}`;
    } else {
      message = e.message ?? e.keyword;
    }
    const key = `${where}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      violations.push({ path: where, message });
    }
  }
  return violations;
}

/** Validates objects against the CRDs it was built from. */
export class CrdSchemaValidator {
  private readonly ajv: Ajv;
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly compiled = new Map<string, ValidateFunction>();

  /** From CRD manifests (YAML text, one or more documents each). */
  static fromYaml(texts: string[]): CrdSchemaValidator {
    const validator = new CrdSchemaValidator();
    for (const text of texts) {
      for (const doc of parseAllDocuments(text)) {
        const crd = doc.toJS();
        if (crd?.kind === 'CustomResourceDefinition') validator.addCrd(crd);
      }
    }
    return validator;
  }

  /** From every `*.yaml` / `*.yml` file of a directory. */
  static fromDirectory(directory: string): CrdSchemaValidator {
    const files = fs
      .readdirSync(directory)
      .filter(f => /\.ya?ml$/.test(f))
      .sort();
    if (files.length === 0) {
      throw new Error(`No CRD YAML files in ${directory}`);
    }
    return CrdSchemaValidator.fromYaml(
      files.map(f => fs.readFileSync(path.join(directory, f), 'utf8')),
    );
  }

  private constructor() {
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: true,
    });
    this.ajv.addVocabulary(KUBERNETES_KEYWORDS);
    for (const [name, validate] of Object.entries(NUMBER_FORMATS)) {
      this.ajv.addFormat(name, { type: 'number', validate });
    }
    for (const [name, validate] of Object.entries(STRING_FORMATS)) {
      this.ajv.addFormat(name, { type: 'string', validate });
    }
  }

  private addCrd(crd: JsonSchema) {
    const group: string = crd.spec?.group;
    const kind: string = crd.spec?.names?.kind;
    for (const version of crd.spec?.versions ?? []) {
      const schema = version.schema?.openAPIV3Schema;
      if (schema) {
        this.schemas.set(
          `${group}/${version.name}/${kind}`,
          toJsonSchema(schema),
        );
      }
    }
  }

  /** `apiVersion/kind` pairs this validator knows, e.g. `argoproj.io/v1alpha1/Rollout`. */
  knownKinds(): string[] {
    return [...this.schemas.keys()];
  }

  validate(object: {
    apiVersion?: unknown;
    kind?: unknown;
  }): CrdValidationResult {
    const key = `${object.apiVersion}/${object.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) return { checked: false, valid: true, violations: [] };
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    const valid = validate(object) as boolean;
    return {
      checked: true,
      valid,
      violations: valid ? [] : toViolations(validate.errors ?? []),
    };
  }
}
