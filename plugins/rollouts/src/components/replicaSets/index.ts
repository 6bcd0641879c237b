export { ReplicaSetSummary } from './ReplicaSetSummary';
