export * from './types';
export { lintRollout, lintManifests, hasErrors, formatFinding } from './lint';
export { lintLiveRollout, countFindings } from './live';
