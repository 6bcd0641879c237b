export { RevisionHistory } from './RevisionHistory';
export { ActionHistory } from './ActionHistory';
export { ActionHistoryTable } from './ActionHistoryTable';
export { RevisionDiff } from './RevisionDiff';
