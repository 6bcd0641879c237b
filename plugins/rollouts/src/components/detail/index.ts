export { RolloutDetailView } from './RolloutDetailView';
