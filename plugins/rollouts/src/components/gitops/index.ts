export { GitOpsPullRequests } from './GitOpsPullRequests';
export { GitOpsPullRequestList } from './GitOpsPullRequestList';
