/*
 * The one contract between the Gradual canary judge
 * (`GET|POST /api/rollouts/analysis/judge` of the rollouts backend) and the
 * AnalysisTemplate that calls it through Argo's `web` metric provider. The
 * template builder (analysisTemplates.ts) writes the query string with
 * `canaryJudgeQuery`, the backend reads it with `parseCanaryJudgeParams`, and
 * the template gates on `score` with the same pass / marginal scores it sends.
 */

/** Path of the judge endpoint under the backend's base URL. */
export const CANARY_JUDGE_PATH = '/api/rollouts/analysis/judge';

/** What the template reads from the judge's JSON (k8s JSONPath, as Argo's web provider takes it). */
export const CANARY_JUDGE_JSON_PATH = '{$.score}';

/** Score at or above which a check passes (Kayenta's default pass threshold). */
export const DEFAULT_JUDGE_PASS_SCORE = 90;
/** Score at or above which a check is marginal (Inconclusive); below it fails. */
export const DEFAULT_JUDGE_MARGINAL_SCORE = 75;
/** Default window the judge compares canary and stable over. */
export const DEFAULT_JUDGE_WINDOW = '5m';

/** The judge's parameters: query string (Argo's web provider) or JSON body. */
export interface CanaryJudgeParams {
  /** The Backstage cluster name whose configured Prometheus is queried. */
  cluster: string;
  namespace: string;
  rollout: string;
  /** Pod-template hash of the canary; default the rollout's `status.currentPodHash`. */
  canaryHash?: string;
  /** Pod-template hash of stable; default the rollout's `status.stableRS`. */
  stableHash?: string;
  /** Go/Prometheus duration (`90s`, `5m`); default from the backend's config. */
  window?: string;
  /** Checks per analysis (the metric's `count`): each tests at alpha / looks. */
  looks?: number;
  alpha?: number;
  passScore?: number;
  marginalScore?: number;
}

type ParamName = keyof CanaryJudgeParams;

const TEXT_PARAMS = [
  'cluster',
  'namespace',
  'rollout',
  'canaryHash',
  'stableHash',
  'window',
] as const satisfies readonly ParamName[];
const NUMBER_PARAMS = [
  'looks',
  'alpha',
  'passScore',
  'marginalScore',
] as const satisfies readonly ParamName[];

/** Every parameter the judge accepts, in the order the template writes them. */
export const CANARY_JUDGE_PARAMS: readonly ParamName[] = [
  ...TEXT_PARAMS,
  ...NUMBER_PARAMS,
];

/** A parameter the judge cannot use; the backend answers 400 with the message. */
export class CanaryJudgeParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanaryJudgeParamError';
  }
}

/**
 * Reads the judge's parameters from a query-string (or JSON body) record.
 * Unknown parameters are refused, so a typo in a template is a clear 400
 * rather than a silently ignored setting; range checks are the judge's.
 */
export function parseCanaryJudgeParams(
  source: Record<string, unknown>,
): CanaryJudgeParams {
  for (const key of Object.keys(source)) {
    if (!(CANARY_JUDGE_PARAMS as readonly string[]).includes(key)) {
      throw new CanaryJudgeParamError(
        `Unknown judge parameter ${key}; expected ${CANARY_JUDGE_PARAMS.join(
          ', ',
        )}`,
      );
    }
  }
  const text = (key: ParamName): string | undefined => {
    const value = source[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new CanaryJudgeParamError(`${key} must be a single value`);
    }
    return String(value);
  };
  const required = (key: ParamName): string => {
    const value = text(key);
    if (value === undefined)
      throw new CanaryJudgeParamError(`${key} is required`);
    return value;
  };
  const number = (key: ParamName): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed)) {
      throw new CanaryJudgeParamError(`${key} must be a number`);
    }
    return parsed;
  };
  const params: CanaryJudgeParams = {
    cluster: required('cluster'),
    namespace: required('namespace'),
    rollout: required('rollout'),
  };
  for (const key of ['canaryHash', 'stableHash', 'window'] as const) {
    const value = text(key);
    if (value !== undefined) params[key] = value;
  }
  for (const key of NUMBER_PARAMS) {
    const value = number(key);
    if (value !== undefined) params[key] = value;
  }
  return params;
}

/**
 * The judge's query string. Values are URL-encoded except Argo argument
 * placeholders (`{{args.x}}`), which the controller substitutes before the
 * call and must stay verbatim.
 */
export function canaryJudgeQuery(
  params: Partial<Record<ParamName, string | number | undefined>>,
): string {
  const encode = (value: string) =>
    value
      .split(/(\{\{\s*args\.[\w-]+\s*\}\})/)
      .map((part, i) => (i % 2 === 1 ? part : encodeURIComponent(part)))
      .join('');
  return CANARY_JUDGE_PARAMS.flatMap(key => {
    const value = params[key];
    return value === undefined ? [] : [`${key}=${encode(String(value))}`];
  }).join('&');
}

/** The judge's URL for the template: `base` (judge URL) plus the query string. */
export function canaryJudgeUrl(
  judgeUrl: string,
  params: Partial<Record<ParamName, string | number | undefined>>,
): string {
  const separator = judgeUrl.includes('?') ? '&' : '?';
  return `${judgeUrl}${separator}${canaryJudgeQuery(params)}`;
}

/** The fields of the judge's answer a template or a client relies on. */
export interface CanaryJudgeResult {
  /** `pass` (score >= passScore), `marginal` (>= marginalScore) or `fail`. */
  verdict: 'pass' | 'marginal' | 'fail';
  /** 0–100: weight of passing metrics over metrics with data; 0 on a failed critical metric. */
  score: number;
  reason: string;
  metrics: Array<{
    name: string;
    verdict: 'pass' | 'fail' | 'nodata';
    reason: string;
  }>;
}
