export { RolloutsOverviewTable, strategyLabel } from './RolloutsOverviewTable';
export { ClusterErrors } from './ClusterErrors';
