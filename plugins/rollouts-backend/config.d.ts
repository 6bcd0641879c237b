/** Configuration of `@gradual/plugin-rollouts-backend`. */
export interface Config {
  rollouts?: {
    /**
     * Clusters whose Argo Rollouts are watched. When absent, the clusters of
     * `kubernetes.clusterLocatorMethods` entries of type `config` are used.
     */
    clusters?: Array<{
      /** Unique cluster name, used in URLs and responses. */
      name: string;
      /** Display title. */
      title?: string;
      /** API server URL. Required unless `kubeconfig` is given. */
      url?: string;
      /** Only `serviceAccount` (a bearer token) is supported; the default. */
      authProvider?: 'serviceAccount';
      /**
       * Bearer token of a service account.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Base64-encoded PEM CA bundle of the API server.
       * @visibility secret
       */
      caData?: string;
      /** Path to a PEM CA bundle of the API server. */
      caFile?: string;
      /** Do not verify the API server certificate (development only). */
      skipTLSVerify?: boolean;
      /** Read url, credentials and CA from a kubeconfig file instead. */
      kubeconfig?: {
        /** Path of the kubeconfig file. */
        path: string;
        /** Context to use; the file's current-context by default. */
        context?: string;
      };
      /**
       * Time limit of a request to this cluster and of the first sync of its
       * cache, in milliseconds (default 5000).
       */
      requestTimeout?: number;
      /**
       * This cluster's Prometheus for the analysis dry-run and the canary
       * judge (same fields as `rollouts.analysis.prometheus[]`, without
       * `cluster`); wins over an entry there.
       */
      prometheus?: {
        url: string;
        aliases?: string[];
        timeoutSeconds?: number;
      };
    }>;
    /**
     * A watch with no event or bookmark for this many seconds is restarted
     * (default 90).
     */
    watchSilenceSeconds?: number;
    /** The shared action history. */
    history?: {
      /**
       * An action's history row is written `pending` before its patches and
       * completed after them. A row still pending this many seconds after
       * the action started (its replica stopped in between) is resolved by
       * any replica from the cluster: `landed`, `not-landed` or `unknown`
       * (default 60).
       */
      pendingGraceSeconds?: number;
    };
    /**
     * GitOps: a strategy change or set-image of an Argo CD-managed rollout
     * becomes a pull request on the repository that holds its manifest
     * (needs `rollouts.gitops.pull-request` besides the change's own
     * permission). The repository is the entity's entry here, else its
     * `backstage.io/source-location` annotation; its host needs an
     * `integrations.gitea` entry, whose credentials the backend uses. Without
     * a repository the change answers 409 with the file to commit.
     */
    gitops?: {
      /** Repositories of entities whose source location is not where their manifests live. */
      repositories?: Array<{
        /** Entity ref, e.g. `component:default/shop` (default kind component). */
        entity: string;
        /** Web URL of the repository, e.g. `https://gitea.example.com/org/shop-deploy`. */
        url: string;
        /** Branch Argo CD deploys from; the repository's default branch by default. */
        branch?: string;
        /** Directory holding the manifests; the whole repository by default. */
        path?: string;
      }>;
    };
    /**
     * What service principals may do: callers with a
     * `backend.auth.externalAccess` token (e.g. CI running the `gradual`
     * CLI). Backstage decides service principals from the token's
     * `accessRestrictions` only and never asks the permission policy, so the
     * rollouts backend applies these grants itself. Deny by default: a
     * subject without a grant may neither read nor act on any rollout.
     * Backstage's own plugins (`plugin:<id>`) are not affected.
     *
     * Every call is audited with the actor `service:<subject>`: actions
     * and strategy changes (also in the rollout's history) and reads
     * (`rollout-read`, low severity, `meta.queryType` list, get, status,
     * watch, history, strategy, strategy-plan, pull-requests, deliveries or
     * delivery-metrics).
     */
    servicePrincipals?: Array<{
      /** The `subject` of the external-access entry (static token, JWKS or legacy). */
      subject: string;
      /** The entities whose rollouts the grant covers: either list matches. */
      entities: {
        /** Entities owned by these groups or users (`ownedBy` / `spec.owner`), e.g. `group:default/team-a`; default kind group. */
        owners?: string[];
        /** These entities, e.g. `component:default/shop`; default kind component. */
        refs?: string[];
      };
      /**
       * What the subject may do on those entities; reading them (list, get,
       * status/wait, history) is always included. Rollout actions
       * (`promote`, `promote-full`, `skip-step`, `abort`, `retry`, `pause`,
       * `resume`, `restart`, `undo`, `set-image`), `strategy-update`,
       * `gitops-pull-request` (open a pull request for an Argo CD-managed
       * rollout),
       * `read`, `analysis-dry-run`, or `*` (every action). Each action is
       * granted by its own name, even where actions share a permission:
       * `promote` allows neither `promote-full`, `skip-step` nor `resume`
       * (all `rollouts.rollout.promote` for users). Unknown names fail the
       * start.
       */
      actions: string[];
    }>;
    /**
     * Analysis: `POST /api/rollouts/analysis/dry-run` and the canary judge
     * (`GET|POST /api/rollouts/analysis/judge`). Prometheus addresses come
     * only from here, never from a request or a template.
     */
    analysis?: {
      /** The Prometheus of each cluster (or `rollouts.clusters[].prometheus`). */
      prometheus?: Array<{
        /** Cluster name, as in `rollouts.clusters[].name` (or the Kubernetes plugin's). */
        cluster: string;
        /** http(s) URL the backend queries, e.g. `http://127.0.0.1:19090`. */
        url: string;
        /**
         * Other addresses of this same Prometheus that templates may name in
         * `provider.prometheus.address` (e.g. the in-cluster Service the Argo
         * controller uses). Such metrics are still queried at `url`; any other
         * address is refused with a 400.
         */
        aliases?: string[];
        /** Upper bound of one query in seconds (default 10). */
        timeoutSeconds?: number;
      }>;
      /**
       * The canary judge. It serves services only: Argo's `web` provider
       * calls it with a Backstage external-access token, configured under
       * `backend.auth.externalAccess` (type `static`, with
       * `accessRestrictions: [{ plugin: rollouts }]`) and stored in the
       * rollout's namespace as Secret `gradual-canary-judge` (key `token`),
       * which the `canary-judge` AnalysisTemplate sends as
       * `Authorization: Bearer`.
       */
      judge?: {
        /**
         * URLs under which the Argo controller reaches the judge, besides
         * `backend.baseUrl` + `/api/rollouts/analysis/judge`; the dry-run runs
         * web metrics calling one of them in-process (nothing is fetched).
         */
        urls?: string[];
        /** Window compared when a request names none, in seconds (default 300). */
        windowSeconds?: number;
        /** Step of the latency range queries, in seconds (default 15). */
        stepSeconds?: number;
        /** Family-wise false-alarm rate of one analysis (default 0.05). */
        alpha?: number;
        /** Score at or above which the verdict is `pass` (default 90). */
        passScore?: number;
        /** Score at or above which the verdict is `marginal` (default 75). */
        marginalScore?: number;
        /** Fewest latency samples per arm for a test (default 3). */
        minLatencySamples?: number;
        /**
         * The compared metrics (default: the error ratio of
         * `http_requests_total`, critical, and the p99 of
         * `http_request_duration_seconds`). Placeholders: `{{namespace}}`
         * `{{rollout}}` `{{hash}}` `{{window}}` `{{step}}`.
         */
        metrics?: Array<{
          name: string;
          /** `errorRatio` (Fisher's exact test on counts) or `latency` (Mann–Whitney on per-step values). */
          kind: 'errorRatio' | 'latency';
          /** errorRatio: instant query, errors of the pods with hash `{{hash}}` over `{{window}}`. */
          errorsQuery?: string;
          /** errorRatio: instant query, all requests over `{{window}}`. */
          totalQuery?: string;
          /** latency: range query, one value per `{{step}}`. */
          query?: string;
          /** A failed critical metric makes the score 0. */
          critical?: boolean;
          weight?: number;
          /** errorRatio: smallest absolute increase that matters (default 0.005). */
          minAbsoluteIncrease?: number;
          /** errorRatio: smallest relative increase that matters (default 0.25). */
          minRelativeIncrease?: number;
          /** latency: smallest Hodges–Lehmann shift relative to the stable median (default 0.1). */
          minRelativeShift?: number;
          /** latency: smallest absolute shift (default 0). */
          minAbsoluteShift?: number;
        }>;
      };
    };
  };
}
