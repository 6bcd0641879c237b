/*
 * Planning a strategy change of a live Rollout: the patch to send, the YAML
 * diff to show, the findings of the result, and the companion objects
 * (Services, Ingress, AnalysisTemplates) the new strategy refers to. Pure; the
 * change-strategy dialog previews it and the backend applies `patch`.
 */
import { createTwoFilesPatch } from 'diff';
import { isManagedByArgoCD } from '../model/argoCd';
import { lintRollout } from '../policy/lint';
import type { Finding, LintContext, RolloutPolicies } from '../policy/types';
import { generateManifests } from './generate';
import { canonicalStrategy, mergeStrategy } from './mergeStrategy';
import { strategyNames, strategyToArgo } from './strategyToArgo';
import type { StrategyNames } from './strategyToArgo';
import { toYamlDocuments } from './yaml';
import type {
  GeneratorSettings,
  KubernetesObject,
  StrategySpec,
} from './types';

type Unstructured = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** RFC 6902 operation. */
export type JsonPatchOperation =
  | { op: 'test'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown };

export interface StrategyChangePlan {
  /**
   * JSON patch (`application/json-patch+json`) for the Rollout's main
   * resource: a `test` of the resourceVersion the plan was made on, then the
   * replacement of `/spec/strategy`. Empty when the plan is `unchanged`.
   */
  patch: JsonPatchOperation[];
  /** The Rollout as it will be after the patch (to commit when GitOps manages it). */
  rollout: KubernetesObject;
  /** YAML of the whole proposed Rollout (for "copy the file to commit"). */
  rolloutYaml: string;
  /**
   * Unified diff of `spec.strategy`, live → proposed, both in canonical form
   * (canonicalStrategy): no hunk when nothing changes.
   */
  yamlDiff: string;
  /** The proposed strategy means the same as the live one: `patch` is empty, nothing to apply. */
  unchanged: boolean;
  /** Lint of the proposed Rollout. */
  findings: Finding[];
  /** Services, Ingress and AnalysisTemplates the new strategy refers to; create the missing ones. */
  companionObjects: KubernetesObject[];
  /** Argo CD tracks this Rollout (`isManagedByArgoCD`): self-heal would revert a direct patch. */
  managedByArgoCd: boolean;
}

/** Keeps the Service and Ingress names a live rollout already uses. */
function liveNames(
  rollout: Unstructured,
  newSpec: StrategySpec,
): Partial<StrategyNames> {
  const canary = rollout?.spec?.strategy?.canary;
  const blueGreen = rollout?.spec?.strategy?.blueGreen;
  const names: Partial<StrategyNames> = {};
  if (canary?.stableService) names.stableService = canary.stableService;
  if (canary?.canaryService) names.canaryService = canary.canaryService;
  if (canary?.trafficRouting?.nginx?.stableIngress) {
    names.stableIngress = canary.trafficRouting.nginx.stableIngress;
  }
  if (blueGreen?.activeService) names.activeService = blueGreen.activeService;
  if (blueGreen?.previewService)
    names.previewService = blueGreen.previewService;
  // Switching strategy: the stable/active Service keeps serving production traffic.
  if (newSpec.strategy === 'blueGreen' && canary?.stableService && !blueGreen) {
    if (newSpec.activeService === undefined)
      names.activeService = canary.stableService;
    if (newSpec.previewService === undefined && canary.canaryService) {
      names.previewService = canary.canaryService;
    }
  }
  if (newSpec.strategy === 'canary' && blueGreen?.activeService && !canary) {
    names.stableService = blueGreen.activeService;
    if (blueGreen.previewService)
      names.canaryService = blueGreen.previewService;
  }
  return names;
}

function renamed(
  objects: KubernetesObject[],
  defaults: StrategyNames,
  actual: StrategyNames,
): KubernetesObject[] {
  const map = new Map<string, string>();
  for (const key of Object.keys(defaults) as (keyof StrategyNames)[]) {
    map.set(defaults[key], actual[key]);
  }
  const rename = (name: string) => map.get(name) ?? name;
  return objects.map(o => {
    const copy: Unstructured = JSON.parse(JSON.stringify(o));
    if (o.kind === 'Service' || o.kind === 'Ingress') {
      copy.metadata.name = rename(copy.metadata.name);
    }
    for (const http of o.kind === 'VirtualService'
      ? copy.spec?.http ?? []
      : []) {
      for (const route of http.route ?? []) {
        if (route.destination?.host) {
          route.destination.host = rename(route.destination.host);
        }
      }
    }
    for (const rule of copy.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        if (path.backend?.service?.name) {
          path.backend.service.name = rename(path.backend.service.name);
        }
      }
    }
    return copy;
  });
}

/**
 * Plans replacing a live Rollout's strategy with `newSpec`. The fields the
 * spec manages come from `newSpec`; the other live fields of the same
 * strategy kind are kept (mergeStrategy). The live object is not changed.
 */
export function planStrategyChange(
  liveRollout: KubernetesObject,
  newSpec: StrategySpec,
  options: {
    settings: GeneratorSettings;
    policies?: RolloutPolicies;
    context?: LintContext;
  },
): StrategyChangePlan {
  const live: Unstructured = liveRollout;
  const name: string = live.metadata.name;
  const namespace: string = live.metadata.namespace ?? 'default';
  const overrides = liveNames(live, newSpec);
  const strategy = mergeStrategy(
    live.spec?.strategy,
    strategyToArgo(newSpec, name, overrides),
    newSpec,
  );

  const rollout: Unstructured = JSON.parse(JSON.stringify(live));
  rollout.spec = { ...rollout.spec, strategy };
  delete rollout.status;

  const container = live.spec?.template?.spec?.containers?.[0];
  const port: number = container?.ports?.[0]?.containerPort ?? 8080;
  const generated = generateManifests(
    newSpec,
    {
      name,
      namespace,
      image: container?.image ?? 'unknown',
      port,
      environment: live.metadata.labels?.['gradual.dev/environment'],
    },
    options.settings,
  );
  const defaults = strategyNames(name, newSpec);
  const companionObjects = renamed(
    generated.objects.filter(o => o.kind !== 'Rollout'),
    defaults,
    { ...defaults, ...overrides },
  );

  // Canonical on both sides: the diff shows changes, not key order, list
  // order that means nothing or empty server defaults.
  const before = toYamlDocuments([
    { strategy: canonicalStrategy(live.spec?.strategy) },
  ]);
  const after = toYamlDocuments([{ strategy: canonicalStrategy(strategy) }]);
  const unchanged = before === after;
  const findings = lintRollout(rollout, options.policies, {
    namespace,
    ...options.context,
  });

  const patch: JsonPatchOperation[] = [];
  if (!unchanged && live.metadata.resourceVersion) {
    patch.push({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: live.metadata.resourceVersion,
    });
  }
  if (!unchanged) {
    patch.push({ op: 'replace', path: '/spec/strategy', value: strategy });
  }

  return {
    patch,
    rollout,
    rolloutYaml: toYamlDocuments([stripServerFields(rollout)]),
    yamlDiff: createTwoFilesPatch(
      `${name} (live)`,
      `${name} (proposed)`,
      before,
      after,
      undefined,
      undefined,
      { context: 3 },
    ),
    unchanged,
    findings,
    companionObjects,
    managedByArgoCd: isManagedByArgoCD(live),
  };
}

/** Removes the fields the API server owns, for a file to commit. */
function stripServerFields(rollout: Unstructured): Unstructured {
  const { metadata, ...rest } = rollout;
  const {
    resourceVersion: _rv,
    uid: _uid,
    generation: _g,
    creationTimestamp: _c,
    managedFields: _m,
    ...cleanMetadata
  } = metadata ?? {};
  const annotations = { ...cleanMetadata.annotations };
  // kubectl's copy of the previous apply is not part of the file
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (cleanMetadata.annotations) {
    cleanMetadata.annotations = annotations;
    if (Object.keys(annotations).length === 0) delete cleanMetadata.annotations;
  }
  return { ...rest, metadata: cleanMetadata };
}
