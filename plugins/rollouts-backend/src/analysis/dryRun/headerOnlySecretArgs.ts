import { AnalysisTemplateSpec } from '../template/analysisTemplate';
import { ArgumentValue } from '../template/resolveArgs';

/** Stands in for a Secret the dry-run does not read and does not need. */
export const UNUSED_SECRET_PLACEHOLDER = '(not read by the dry-run)';

/**
 * Arguments Argo reads from a Secret that the template uses only in
 * `web.headers` (the judge token): a web metric is run only when it calls the
 * judge, in-process, so its headers are never sent and the Secret is not
 * needed. They get a placeholder unless the request gives a value.
 */
export function headerOnlySecretArgs(
  spec: AnalysisTemplateSpec,
  given: ArgumentValue[],
): ArgumentValue[] {
  const uses = (text: string, name: string) =>
    new RegExp(
      `\\{\\{\\s*args\\.${name.replace(
        /[.*+?^${}()|[\]\\]/g,
        '\\$&',
      )}\\s*\\}\\}`,
    ).test(text);
  return spec.args
    .filter(
      a =>
        a.value === undefined &&
        (a.valueFrom as any)?.secretKeyRef &&
        !given.some(g => g.name === a.name),
    )
    .filter(a =>
      spec.metrics.every(m => {
        const { headers, ...web } = (m.provider?.web ?? {}) as Record<
          string,
          unknown
        >;
        const { provider, ...rest } = m;
        const { web: _web, ...otherProviders } = provider ?? {};
        return ![rest, otherProviders, web].some(part =>
          uses(JSON.stringify(part), a.name),
        );
      }),
    )
    .filter(a =>
      spec.metrics.some(m =>
        uses(JSON.stringify(m.provider?.web?.headers ?? []), a.name),
      ),
    )
    .map(a => ({ name: a.name, value: UNUSED_SECRET_PLACEHOLDER }));
}
