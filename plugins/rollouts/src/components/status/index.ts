export { PhaseBadge } from './PhaseBadge';
export { AnalysisPhaseStatus } from './AnalysisPhaseStatus';
export { StepIndicator } from './StepIndicator';
export { Countdown } from './Countdown';
export { UpdatedAgo } from './UpdatedAgo';
export { ImageList } from './ImageList';
export { formatDuration, formatAgo, formatTimestamp } from './formatTime';
export { WeightText } from './WeightText';
export { InlineStatus } from './InlineStatus';
