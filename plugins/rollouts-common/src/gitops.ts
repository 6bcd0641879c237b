/**
 * GitOps pull requests: a change to an Argo CD-managed rollout (strategy,
 * set-image) is proposed as a pull request on the repository that holds its
 * manifest instead of a patch that Argo CD's self-heal would revert.
 */

/** A pull request the backend opened for a rollout. */
export interface GitOpsPullRequest {
  number: number;
  /** Web page of the pull request. */
  url: string;
  title: string;
  state: 'open' | 'merged' | 'closed';
  /** The branch of the change, and the branch it merges into. */
  branch: string;
  baseBranch: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Where a rollout's manifest lives: the repository and, once found, the file. */
export interface GitOpsRepositoryInfo {
  /** Web URL of the repository. */
  url: string;
  /** The branch Argo CD deploys (pull requests merge into it). */
  branch: string;
  /** The file that holds the Rollout (in a change's answer). */
  path?: string;
}

/** The answer to a change that became a pull request (HTTP 202). */
export interface GitOpsChangeResult {
  pullRequest: GitOpsPullRequest;
  repository: GitOpsRepositoryInfo & { path: string };
  /** False when an open pull request of the same change was answered again. */
  created: boolean;
}

/** `GET …/pull-requests`: the pull requests the backend opened for a rollout. */
export interface GitOpsPullRequestsResponse {
  /** Argo CD manages the rollout: its changes become pull requests. */
  managedByArgoCD: boolean;
  /** Absent when no repository is known for the entity (then `message` says why). */
  repository?: GitOpsRepositoryInfo;
  /** Newest first. */
  items: GitOpsPullRequest[];
  message?: string;
}
