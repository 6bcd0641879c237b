import { InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';
import { isObject } from '../isObject';

/** An argument of an AnalysisTemplate (`spec.args[]`). */
export interface TemplateArgument {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** A metric of an AnalysisTemplate (`spec.metrics[]`), as far as the dry-run reads it. */
export interface TemplateMetric {
  name: string;
  successCondition?: string;
  failureCondition?: string;
  /** Exactly one provider key: prometheus, web, job, datadog, … */
  provider: Record<string, any>;
  [field: string]: unknown;
}

export interface AnalysisTemplateSpec {
  args: TemplateArgument[];
  metrics: TemplateMetric[];
}

/** Largest inline template accepted. */
export const MAX_TEMPLATE_BYTES = 64 * 1024;
/** Most metrics a dry-run runs. */
export const MAX_METRICS = 20;

const KINDS = new Set(['AnalysisTemplate', 'ClusterAnalysisTemplate']);

/**
 * Checks the shape of an AnalysisTemplate / ClusterAnalysisTemplate object
 * (parsed YAML or read from the cluster) and returns its spec.
 */
export function templateSpecOf(object: unknown): AnalysisTemplateSpec {
  if (!isObject(object))
    throw new InputError('The template must be a YAML object');
  if (object.kind !== undefined && !KINDS.has(object.kind)) {
    throw new InputError(
      `Expected kind AnalysisTemplate or ClusterAnalysisTemplate, got ${object.kind}`,
    );
  }
  const spec = object.spec;
  if (!isObject(spec)) throw new InputError('The template has no spec');
  if (Array.isArray(spec.templates) && spec.templates.length > 0) {
    throw new InputError(
      'Templates that reference other templates (spec.templates) are not supported by the dry-run',
    );
  }
  const args = spec.args ?? [];
  if (
    !Array.isArray(args) ||
    !args.every(a => isObject(a) && typeof a.name === 'string')
  ) {
    throw new InputError('spec.args must be a list of { name, value? }');
  }
  for (const a of args) {
    if (a.value !== undefined && typeof a.value !== 'string') {
      throw new InputError(
        `spec.args: the value of ${a.name} must be a string`,
      );
    }
  }
  const metrics = spec.metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new InputError('spec.metrics must list at least one metric');
  }
  if (metrics.length > MAX_METRICS) {
    throw new InputError(
      `A dry-run runs at most ${MAX_METRICS} metrics, the template has ${metrics.length}`,
    );
  }
  metrics.forEach((m, i) => {
    if (!isObject(m) || typeof m.name !== 'string' || m.name === '') {
      throw new InputError(`spec.metrics[${i}] needs a name`);
    }
    if (!isObject(m.provider) || Object.keys(m.provider).length !== 1) {
      throw new InputError(`Metric ${m.name} must have exactly one provider`);
    }
    for (const key of ['successCondition', 'failureCondition']) {
      if (m[key] !== undefined && typeof m[key] !== 'string') {
        throw new InputError(`Metric ${m.name}: ${key} must be a string`);
      }
    }
  });
  return {
    args: args as TemplateArgument[],
    metrics: metrics as TemplateMetric[],
  };
}

/** Parses an inline AnalysisTemplate YAML (one document). */
export function parseTemplateYaml(text: string): AnalysisTemplateSpec {
  if (Buffer.byteLength(text, 'utf8') > MAX_TEMPLATE_BYTES) {
    throw new InputError(
      `The template is larger than ${MAX_TEMPLATE_BYTES} bytes`,
    );
  }
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    throw new InputError('The template must be exactly one YAML document');
  }
  const [document] = documents;
  if (document.errors.length > 0) {
    throw new InputError(
      `The template is not valid YAML: ${document.errors[0].message}`,
    );
  }
  return templateSpecOf(document.toJS({ maxAliasCount: 50 }));
}
