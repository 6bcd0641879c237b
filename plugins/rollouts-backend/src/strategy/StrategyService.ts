/*
 * Change the strategy of a live Rollout (issue 6 item 5): the options a
 * developer starts from (presets allowed here, the live strategy as a spec),
 * the plan (YAML diff, JSON patch, lint, referenced objects) and its apply,
 * permission-checked on the owning entity, guarded by the resourceVersion,
 * audited and stored in the action history like the other actions. A rollout
 * that Argo CD tracks is never patched: self-heal would revert it, so the
 * answer is the file / patch to commit.
 */
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Finding,
  KubernetesObject,
  RolloutsPlatformConfig,
  StrategyChangeResponse,
  StrategyOptionsResponse,
  StrategyReference,
  StrategySpec,
  countFindings,
  formatFinding,
  getCurrentCanaryStep,
  hasErrors,
  isManagedByArgoCD,
  lintRollout,
  parseStrategySpec,
  planStrategyChange,
  resolveStrategy,
  rolloutReadPermission,
  rolloutStrategyUpdatePermission,
  strategySpecFromRollout,
  summarizeRollout,
  toYamlDocuments,
  ENVIRONMENT_LABEL,
} from '@gradual/plugin-rollouts-common';
import { rolloutBelongsTo } from '../entities/entityRollouts';
import { runAuditedMutation } from '../history/auditedMutation';
import { ActionHistoryStore } from '../history/ActionHistoryStore';
import { KubeApiError, KubeClient } from '../kube/KubeClient';
import { rolloutPath } from '../kube/resources';
import { KubeObject } from '../kube/types';
import {
  RolloutRequestTarget,
  RolloutsService,
  actorOf,
  checkExpected,
} from '../service/RolloutsService';

/** The history / audit name of a strategy change. */
export const STRATEGY_UPDATE_ACTION = 'strategy-update';

/**
 * 409 for a rollout that Argo CD manages: the plan travels with the error so
 * that the client can show the file and patch to commit.
 */
export class ArgoCdManagedError extends ConflictError {
  constructor(message: string, readonly plan: StrategyChangeResponse) {
    super(message);
  }
}

const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
const stateOf = (ro: KubeObject) => ({
  step: getCurrentCanaryStep(ro as any).index ?? null,
  revision: ro.metadata.annotations?.[REVISION_ANNOTATION] ?? '',
});

const PATHS: Record<StrategyReference['kind'], (ns: string) => string> = {
  Service: ns => `/api/v1/namespaces/${encodeURIComponent(ns)}/services`,
  Ingress: ns =>
    `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/ingresses`,
  AnalysisTemplate: ns =>
    `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(
      ns,
    )}/analysistemplates`,
};

/** Services, Ingress and namespaced AnalysisTemplates an Argo `spec.strategy` names. */
export function strategyReferences(
  strategy: any,
): Array<Omit<StrategyReference, 'exists'>> {
  const refs = new Map<string, Omit<StrategyReference, 'exists'>>();
  const add = (kind: StrategyReference['kind'], name: unknown) => {
    if (typeof name === 'string' && name) {
      refs.set(`${kind}/${name}`, { kind, name });
    }
  };
  const addAnalysis = (analysis: any) => {
    for (const t of analysis?.templates ?? []) {
      if (!t?.clusterScope) add('AnalysisTemplate', t?.templateName);
    }
  };
  const canary = strategy?.canary;
  const blueGreen = strategy?.blueGreen;
  if (canary) {
    add('Service', canary.stableService);
    add('Service', canary.canaryService);
    add('Ingress', canary.trafficRouting?.nginx?.stableIngress);
    addAnalysis(canary.analysis);
    for (const step of canary.steps ?? []) addAnalysis(step?.analysis);
  }
  if (blueGreen) {
    add('Service', blueGreen.activeService);
    add('Service', blueGreen.previewService);
    addAnalysis(blueGreen.prePromotionAnalysis);
    addAnalysis(blueGreen.postPromotionAnalysis);
  }
  return [...refs.values()];
}

export class StrategyService {
  readonly #rollouts: RolloutsService;
  readonly #platform: RolloutsPlatformConfig;
  readonly #auditor: AuditorService;
  readonly #history: ActionHistoryStore;
  readonly #logger: LoggerService;

  constructor(options: {
    rollouts: RolloutsService;
    platform: RolloutsPlatformConfig;
    auditor: AuditorService;
    history: ActionHistoryStore;
    logger: LoggerService;
  }) {
    this.#rollouts = options.rollouts;
    this.#platform = options.platform;
    this.#auditor = options.auditor;
    this.#history = options.history;
    this.#logger = options.logger;
  }

  /** What the change-strategy dialog starts from (read permission). */
  async getOptions(
    target: RolloutRequestTarget,
    credentials: BackstageCredentials,
  ): Promise<StrategyOptionsResponse> {
    const { cluster, rollout } = await this.#rollouts.locate(
      target,
      credentials,
      rolloutReadPermission,
    );
    const { defaults, policies } = this.#platform;
    const { spec, unsupported } = strategySpecFromRollout(rollout);
    const deployTarget = this.#targetOf(rollout, cluster.name);
    const { allowedPresets } = resolveStrategy(defaults, deployTarget, {
      spec: spec ?? defaults.presets[defaults.defaultPreset].spec,
    });
    let defaultPreset: string;
    try {
      defaultPreset = resolveStrategy(defaults, deployTarget).presetName!;
    } catch {
      // the configured default is not among the presets allowed here
      defaultPreset = allowedPresets[0];
    }
    return {
      ...(spec ? { current: spec } : {}),
      unsupported,
      presets: allowedPresets.map(name => ({
        name,
        ...defaults.presets[name],
      })),
      defaultPreset,
      policies,
      managedByArgoCD: isManagedByArgoCD(rollout as any),
      resourceVersion: rollout.metadata.resourceVersion ?? '',
    };
  }

  /**
   * Plans (dry run, read permission) or applies (strategy.update permission,
   * audited) a new strategy. 400 invalid spec or lint errors, 403, 404,
   * 409 stale resourceVersion or Argo CD managed.
   */
  async change(
    target: RolloutRequestTarget,
    body: unknown,
    credentials: BackstageCredentials,
    options: { httpRequest?: any } = {},
  ): Promise<StrategyChangeResponse> {
    const request = (body ?? {}) as {
      spec?: unknown;
      dryRun?: boolean;
      expected?: { resourceVersion?: string };
    };
    const spec = parseStrategySpec(request.spec, 'spec');
    const dryRun = request.dryRun === true;
    const entity = await this.#rollouts.getEntity(
      target.entityRef,
      credentials,
    );
    const entityRef = stringifyEntityRef(entity);
    if (dryRun) {
      await this.#rollouts.authorize(
        rolloutReadPermission,
        entityRef,
        credentials,
      );
      const { cluster, selector } = await this.#rollouts.locate(
        target,
        credentials,
        undefined,
        entity,
      );
      const live = await this.#getLive(cluster.client, target, selector);
      checkExpected(live, { expected: request.expected });
      return this.#plan(cluster.client, cluster.name, live, spec);
    }

    const actor = actorOf(credentials);
    const params = {
      spec,
      ...(request.expected ? { expected: { ...request.expected } } : {}),
    };
    return runAuditedMutation(
      {
        auditor: this.#auditor,
        history: this.#history,
        logger: this.#logger,
        eventId: 'rollout-strategy-update',
        severityLevel: 'medium',
        httpRequest: options.httpRequest,
        actor,
        entityRef,
        target,
        action: STRATEGY_UPDATE_ACTION,
        params,
        toHttpError: e => this.#rollouts.toHttpError(e),
      },
      async attempt => {
        await attempt.authorize(() =>
          this.#rollouts.authorize(
            rolloutStrategyUpdatePermission,
            entityRef,
            credentials,
          ),
        );
        const { cluster, selector } = await this.#rollouts.locate(
          target,
          credentials,
          undefined,
          entity,
        );
        const client = cluster.client;
        const live = await this.#getLive(client, target, selector);
        attempt.before = stateOf(live);
        checkExpected(live, { expected: request.expected });
        const plan = await this.#plan(client, cluster.name, live, spec);
        if (plan.managedByArgoCD) {
          throw new ArgoCdManagedError(
            `Argo CD manages rollout ${target.namespace}/${target.name}: its self-heal would revert a direct change of the strategy. Commit the proposed Rollout (rolloutYaml) to the application's Git repository instead.`,
            plan,
          );
        }
        if (hasErrors(plan.findings)) {
          throw new InputError(
            `the new strategy does not pass the rollout lint: ${plan.findings
              .filter(f => f.severity === 'error')
              .map(formatFinding)
              .join('; ')}`,
          );
        }
        if (plan.unchanged) {
          // The live strategy already is the requested one: nothing to write.
          await attempt.record(
            'succeeded',
            'no change: the strategy already is the requested one',
          );
          await attempt.audit.success({
            meta: {
              before: attempt.before,
              after: attempt.before,
              strategy: spec.strategy,
              unchanged: true,
            },
          });
          return { ...plan, applied: false, dryRun: false };
        }
        // The plan's patch starts with a `test` of the resourceVersion it was made on.
        const result = await client.request<KubeObject>(
          'PATCH',
          rolloutPath(target.namespace, target.name),
          { body: plan.patch, contentType: 'application/json-patch+json' },
        );
        attempt.after = stateOf(result);
        await attempt.record('succeeded');
        await attempt.audit.success({
          meta: {
            before: attempt.before,
            after: attempt.after,
            strategy: spec.strategy,
            resourceVersion: result.metadata.resourceVersion ?? null,
          },
        });
        return {
          ...plan,
          applied: true,
          dryRun: false,
          appliedResourceVersion: result.metadata.resourceVersion,
          rollout: summarizeRollout(cluster.name, {
            ...cluster.objectsOf(result),
            rollout: result,
          } as any),
        };
      },
    );
  }

  #targetOf(rollout: KubeObject, cluster: string) {
    return {
      namespace: rollout.metadata.namespace ?? 'default',
      environment: rollout.metadata.labels?.[ENVIRONMENT_LABEL],
      cluster,
    };
  }

  async #getLive(
    client: KubeClient,
    target: RolloutRequestTarget,
    selector: Parameters<typeof rolloutBelongsTo>[0],
  ): Promise<KubeObject> {
    let live: KubeObject;
    try {
      live = await client.request<KubeObject>(
        'GET',
        rolloutPath(target.namespace, target.name),
      );
    } catch (e) {
      throw this.#rollouts.toHttpError(e);
    }
    if (!rolloutBelongsTo(selector, live)) {
      throw new NotFoundError(
        `rollout ${target.namespace}/${target.name} does not belong to ${target.entityRef}`,
      );
    }
    return live;
  }

  async #plan(
    client: KubeClient,
    clusterName: string,
    live: KubeObject,
    spec: StrategySpec,
  ): Promise<StrategyChangeResponse> {
    const { defaults, policies } = this.#platform;
    const target = this.#targetOf(live, clusterName);
    const { settings } = resolveStrategy(defaults, target, { spec });
    const plan = planStrategyChange(live as KubernetesObject, spec, {
      settings,
      policies,
      context: { environment: target.environment },
    });
    const newStrategy = (plan.rollout as any).spec.strategy;

    // Which referenced objects exist decides the reference findings.
    const found: Record<StrategyReference['kind'], KubernetesObject[]> = {
      Service: [],
      Ingress: [],
      AnalysisTemplate: [],
    };
    const references: StrategyReference[] = await Promise.all(
      strategyReferences(newStrategy).map(async ref => {
        try {
          const object = await client.request<KubernetesObject>(
            'GET',
            `${PATHS[ref.kind](target.namespace)}/${encodeURIComponent(
              ref.name,
            )}`,
          );
          found[ref.kind].push(object);
          return { ...ref, exists: true };
        } catch (e) {
          if ((e as KubeApiError).statusCode === 404) {
            return { ...ref, exists: false };
          }
          throw this.#rollouts.toHttpError(e);
        }
      }),
    );
    const findings: Finding[] = lintRollout(plan.rollout, policies, {
      namespace: target.namespace,
      environment: target.environment,
      analysisTemplates: found.AnalysisTemplate,
      services: found.Service,
      ingresses: found.Ingress,
    });
    const missing = references.filter(r => !r.exists);
    const missingObjects = plan.companionObjects.filter(o =>
      missing.some(m => m.kind === o.kind && m.name === o.metadata.name),
    );
    this.#logger.debug(
      `strategy plan for ${target.namespace}/${
        live.metadata.name
      }: ${JSON.stringify(countFindings(findings))}`,
    );
    return {
      applied: false,
      dryRun: true,
      resourceVersion: live.metadata.resourceVersion ?? '',
      currentYaml: toYamlDocuments([{ strategy: live.spec?.strategy ?? {} }]),
      proposedYaml: toYamlDocuments([{ strategy: newStrategy }]),
      yamlDiff: plan.yamlDiff,
      unchanged: plan.unchanged,
      patch: plan.patch,
      rolloutYaml: plan.rolloutYaml,
      findings,
      references,
      ...(missingObjects.length
        ? { missingObjectsYaml: toYamlDocuments(missingObjects) }
        : {}),
      managedByArgoCD: plan.managedByArgoCd,
    };
  }
}
