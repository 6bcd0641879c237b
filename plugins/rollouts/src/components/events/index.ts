export { RolloutEvents } from './RolloutEvents';
