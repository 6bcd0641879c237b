export { CanaryView } from './CanaryView';
export { CanaryStepTimeline } from './CanaryStepTimeline';
export { TrafficBar } from './TrafficBar';
