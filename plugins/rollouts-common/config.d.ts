/**
 * Configuration read by `readRolloutsPlatformConfig` of
 * `@gradual/plugin-rollouts-common`: the rollouts backend plugin (lint of live
 * rollouts, change strategy) and the scaffolder module
 * (`rollouts:config:generate` / `rollouts:config:lint`) read the same keys.
 */
export interface Config {
  rollouts?: {
    /**
     * Platform defaults for generated rollout configs. With nothing set, the
     * built-in presets (`standard-canary`, `fast-canary`, `blue-green-manual`,
     * `blue-green-auto`, `judge-canary`) and thresholds apply.
     */
    defaults?: {
      /** Preset used when a developer picks none (default `standard-canary`). */
      defaultPreset?: string;
      /** Keep the built-in presets beside the configured ones (default true). */
      includeBuiltInPresets?: boolean;
      /**
       * Named presets; a name equal to a built-in preset replaces it. `spec` is
       * a strategy spec as in the module README, e.g.
       * `{ strategy: canary, trafficRouting: { nginx: {} }, steps: [{ setWeight: 10 }, { pause: { duration: 5m } }] }`.
       * Checked against the spec schema at start-up.
       */
      presets?: {
        [name: string]: {
          /** Display title. */
          title?: string;
          /** What the preset does and when to use it (shown in forms). */
          description?: string;
          /** The strategy spec. */
          spec: object;
        };
      };
      /**
       * Overrides by namespace and/or environment. Every matching entry is
       * applied in order, later ones win; an entry with both lists needs both
       * to match.
       */
      overrides?: Array<{
        /** Namespace globs (`*`, `?`), e.g. `prod*`. */
        namespaces?: string[];
        /** Environment names or globs, e.g. `production`. */
        environments?: string[];
        /** Preset used here when a developer picks none. */
        defaultPreset?: string;
        /** Presets a developer may pick here (all when absent). */
        allowedPresets?: string[];
        /** Analysis thresholds here (see `thresholds`). */
        thresholds?: {
          successRate?: number;
          errorRate?: number;
          latencyP99Seconds?: number;
          interval?: string;
          count?: number;
          failureLimit?: number;
        };
      }>;
      /**
       * The Prometheus the generated AnalysisTemplates query, as the Argo
       * controller reaches it. Per cluster, the address comes from the
       * analysis settings (`rollouts.analysis.prometheus[]` with `cluster`,
       * `url` and `aliases`, or `rollouts.clusters[].prometheus`): the first
       * alias when given (e.g. the in-cluster Service address), else `url`.
       * This address is used for clusters without such an entry.
       */
      prometheus?: {
        /** Default address (default `http://prometheus.monitoring.svc.cluster.local:9090`). */
        address?: string;
      };
      /** Thresholds of the built-in analysis templates (template arg defaults). */
      thresholds?: {
        /** `success-rate` passes at or above this share of non-5xx responses (default 0.99). */
        successRate?: number;
        /** `error-rate` passes at or below this share of 5xx responses (default 0.01). */
        errorRate?: number;
        /** `latency-p99` passes at or below this many seconds (default 0.5). */
        latencyP99Seconds?: number;
        /** Query window and measurement interval (default `1m`). */
        interval?: string;
        /** Measurements per analysis run (default 5). */
        count?: number;
        /** Failed measurements tolerated (default 1). */
        failureLimit?: number;
      };
      /** The Gradual canary judge, for the `canary-judge` AnalysisTemplate. */
      judge?: {
        /** Judge endpoint URL as the Argo controller reaches it. */
        url: string;
        /** Secret in the rollout's namespace with the external-access token (default `gradual-canary-judge` / `token`). */
        tokenSecret?: {
          name: string;
          key?: string;
        };
      };
    };
    /**
     * Platform rules, applied with the upstream Argo rules by
     * `rollouts:config:lint`, to the live rollouts shown in the Rollouts tab
     * and to strategy changes (an `error` finding blocks the change). Absent
     * keys switch a rule off.
     */
    policies?: {
      /** Namespace globs where every rollout needs analysis, e.g. `['prod*']`. */
      requireAnalysisInNamespaces?: string[];
      /** Environments (globs) where every rollout needs analysis. */
      requireAnalysisInEnvironments?: string[];
      /** Highest weight in percent of the first canary step, e.g. 25. */
      maxFirstCanaryWeight?: number;
      /** Blue-green automatic promotion needs a prePromotionAnalysis. */
      forbidAutoPromotionWithoutPrePromotionAnalysis?: boolean;
      /** Lowest blue-green scaleDownDelaySeconds, e.g. 30. */
      minScaleDownDelaySeconds?: number;
      /** Severity per rule id (`error` or `warning`), e.g. `{ weights-non-decreasing: error }`. */
      severities?: { [rule: string]: string };
    };
  };
}
