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
    }>;
    /**
     * A watch with no event or bookmark for this many seconds is restarted
     * (default 90).
     */
    watchSilenceSeconds?: number;
  };
}
