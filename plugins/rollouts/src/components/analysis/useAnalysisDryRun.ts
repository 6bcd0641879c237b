import { useMemo, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  analysisTemplateArgNames,
  referencedAnalysisTemplatesOf,
  rolloutAnalysisArgs,
  type AnalysisArgValue,
  type AnalysisDryRunResponse,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import type { AnalysisTemplateSource } from './AnalysisTemplateSourceFields';
import type { TestAnalysisButtonProps } from './TestAnalysisButton';

function mergeArgs(
  base: AnalysisArgValue[],
  extra: AnalysisArgValue[] = [],
): AnalysisArgValue[] {
  const out = new Map(base.map(a => [a.name, a.value]));
  for (const a of extra) out.set(a.name, a.value);
  return [...out].map(([name, value]) => ({ name, value }));
}

function errorMessage(error: unknown): string {
  const e = error as any;
  return e?.body?.error?.message ?? e?.message ?? String(error);
}

/**
 * The state of the test-analysis dialog: the templates offered, the chosen
 * source, the args (prefilled from the rollout) and the dry run's result.
 */
export function useAnalysisDryRun(props: TestAnalysisButtonProps) {
  const api = useApi(rolloutsApiRef);
  const { rollout } = props;
  const referenced = useMemo(() => {
    const refs = referencedAnalysisTemplatesOf(props.strategySpec);
    for (const name of props.templates ?? []) {
      if (!refs.some(r => r.name === name && !r.clusterScope))
        refs.push({ name, clusterScope: false, usedBy: [] });
    }
    return refs;
  }, [props.strategySpec, props.templates]);
  const [source, setSource] = useState<AnalysisTemplateSource>(
    props.initialYaml || referenced.length === 0 ? 'yaml' : 'template',
  );
  const [selected, setSelected] = useState(0);
  const [yaml, setYaml] = useState(props.initialYaml ?? '');
  const [args, setArgs] = useState<AnalysisArgValue[]>(() =>
    mergeArgs(rolloutAnalysisArgs(rollout), props.args),
  );
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<AnalysisDryRunResponse>();

  /** Adds an empty row for each arg the pasted template declares. */
  const addDeclaredArgs = () => {
    const missing = analysisTemplateArgNames(yaml).filter(
      n => !args.some(a => a.name === n),
    );
    if (missing.length)
      setArgs([...args, ...missing.map(name => ({ name, value: '' }))]);
  };

  const template = referenced[selected];
  const canRun =
    !running && (source === 'yaml' ? yaml.trim() !== '' : Boolean(template));

  const run = async () => {
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      const response = await api.dryRunAnalysis({
        cluster: rollout.cluster,
        ...(source === 'yaml' || !template.clusterScope
          ? { namespace: rollout.namespace }
          : {}),
        template: source === 'yaml' ? yaml : { name: template.name },
        args: args.filter(a => a.name.trim() !== ''),
      });
      setResult(response);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return {
    referenced,
    source,
    setSource,
    selected,
    setSelected,
    yaml,
    setYaml,
    args,
    setArgs,
    addDeclaredArgs,
    running,
    error,
    result,
    canRun,
    run,
  };
}
