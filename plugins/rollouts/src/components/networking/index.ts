export { NetworkingSummary, routeText } from './NetworkingSummary';
