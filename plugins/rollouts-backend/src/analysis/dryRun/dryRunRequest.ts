import { InputError, NotFoundError } from '@backstage/errors';
import {
  AnalysisTemplateSpec,
  parseTemplateYaml,
  templateSpecOf,
} from '../template/analysisTemplate';
import { ArgumentValue } from '../template/resolveArgs';
import { DryRunRequest, GetAnalysisTemplate } from './dryRunTypes';
import { isObject } from '../isObject';

/** Checks a dry-run request's cluster and args (400 when malformed). */
export function validateDryRunRequest(request: DryRunRequest): {
  cluster: string;
  args: ArgumentValue[];
} {
  const { cluster } = request;
  if (typeof cluster !== 'string' || cluster === '')
    throw new InputError('cluster is required');
  const args = request.args ?? [];
  if (
    !Array.isArray(args) ||
    !args.every(
      a =>
        isObject(a) &&
        typeof a.name === 'string' &&
        typeof a.value === 'string',
    )
  ) {
    throw new InputError('args must be a list of { name, value } strings');
  }
  return { cluster, args };
}

/**
 * The template a dry-run request names: inline YAML, or `{ name }` read from
 * the cluster (400 when malformed or not readable, 404 when it does not exist).
 */
export async function readDryRunTemplate(
  request: DryRunRequest,
  getAnalysisTemplate: GetAnalysisTemplate | undefined,
): Promise<AnalysisTemplateSpec> {
  const { template } = request;
  if (typeof template === 'string') return parseTemplateYaml(template);
  if (
    !isObject(template) ||
    typeof template.name !== 'string' ||
    template.name === ''
  ) {
    throw new InputError('template must be AnalysisTemplate YAML or { name }');
  }
  if (!getAnalysisTemplate) {
    throw new InputError(
      'Reading templates from the cluster is not available; pass the template YAML',
    );
  }
  const object = await getAnalysisTemplate(
    request.cluster,
    request.namespace,
    template.name,
  );
  if (!object) {
    const kind = request.namespace
      ? `AnalysisTemplate ${request.namespace}/`
      : 'ClusterAnalysisTemplate ';
    throw new NotFoundError(
      `${kind}${template.name} not found in cluster ${request.cluster}`,
    );
  }
  return templateSpecOf(object);
}
