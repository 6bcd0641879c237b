export interface Config {
  permission?: {
    /** Settings of Gradual's demo permission policy (packages/backend). */
    rollouts?: {
      /**
       * Entity refs of groups whose members may drive every rollout
       * (promote, abort, rollback, ...), owners or not. Example:
       * `group:default/platform-team`.
       */
      adminGroups?: string[];
    };
  };
}
