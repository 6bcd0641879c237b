import { InputError } from '@backstage/errors';
import { AnalysisTemplateSpec, TemplateMetric } from './analysisTemplate';

export interface ArgumentValue {
  name: string;
  value: string;
}

/**
 * Merges the request's argument values into the template's arguments the way
 * Argo's `MergeArgs` does (values for arguments the template does not declare
 * are ignored) and requires every argument to have a value. Arguments Argo
 * reads from a Secret or a field (`valueFrom`) must be given in the request:
 * the dry-run reads no Secret.
 */
export function mergeArgs(
  spec: AnalysisTemplateSpec,
  given: ArgumentValue[],
): Map<string, string> {
  const values = new Map<string, string>();
  for (const arg of spec.args) {
    const supplied = given.find(g => g.name === arg.name);
    if (supplied) {
      values.set(arg.name, supplied.value);
    } else if (arg.value !== undefined) {
      values.set(arg.name, arg.value);
    } else if (arg.valueFrom !== undefined) {
      throw new InputError(
        `Argument ${arg.name} comes from valueFrom (a Secret or field) in Argo; pass its value in args for the dry-run`,
      );
    } else {
      throw new InputError(
        `args.${arg.name} was not resolved: pass its value in args`,
      );
    }
  }
  return values;
}

/**
 * Substitutes `{{args.name}}` (spaces inside the braces allowed) in one
 * string, as Argo's `utils/template ResolveArgs`; any other or unknown tag is
 * an error, as in Argo ("failed to resolve {{tag}}").
 */
export function resolveTemplateString(
  text: string,
  values: Map<string, string>,
): string {
  return text.replace(/\{\{(.*?)\}\}/gs, (_, tag: string) => {
    const key = tag.trim();
    const value = key.startsWith('args.')
      ? values.get(key.slice('args.'.length))
      : undefined;
    if (value === undefined)
      throw new InputError(`failed to resolve {{${tag}}}`);
    return value;
  });
}

function resolveDeep(value: unknown, values: Map<string, string>): unknown {
  if (typeof value === 'string') return resolveTemplateString(value, values);
  if (Array.isArray(value)) return value.map(v => resolveDeep(v, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveDeep(v, values)]),
    );
  }
  return value;
}

/** The metric with every string field resolved (Argo resolves the metric's JSON). */
export function resolveMetric(
  metric: TemplateMetric,
  values: Map<string, string>,
): TemplateMetric {
  return resolveDeep(metric, values) as TemplateMetric;
}
