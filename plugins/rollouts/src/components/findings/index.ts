export { LintFindings } from './LintFindings';
