/*
 * The built-in strategy presets. They apply when `rollouts.defaults.presets`
 * is empty; configured presets with the same name replace them.
 */
import type { StrategySpec } from './types';

export interface StrategyPreset {
  title: string;
  description: string;
  spec: StrategySpec;
}

const HEALTH_ANALYSIS = {
  templates: ['success-rate', 'error-rate', 'latency-p99'],
};

export const BUILT_IN_PRESETS: Record<string, StrategyPreset> = {
  'standard-canary': {
    title: 'Standard canary',
    description:
      'nginx traffic split 10% → 25% → 50% → 100% with health analysis (success rate, error rate, p99 latency) before each increase. Requests with the header X-Canary: always reach the canary from the start.',
    spec: {
      strategy: 'canary',
      trafficRouting: {
        nginx: { headerSegment: { header: 'X-Canary', value: 'always' } },
      },
      steps: [
        { setWeight: 10 },
        { pause: { duration: '2m' } },
        { analysis: HEALTH_ANALYSIS },
        { setWeight: 25 },
        { pause: { duration: '5m' } },
        { analysis: HEALTH_ANALYSIS },
        { setWeight: 50 },
        { pause: { duration: '5m' } },
        { analysis: HEALTH_ANALYSIS },
      ],
    },
  },
  'fast-canary': {
    title: 'Fast canary',
    description:
      'nginx traffic split 20% → 50% → 100% with short pauses and a success-rate check; for low-risk changes of well-tested services.',
    spec: {
      strategy: 'canary',
      trafficRouting: { nginx: {} },
      steps: [
        { setWeight: 20 },
        { pause: { duration: '30s' } },
        { analysis: { templates: ['success-rate'] } },
        { setWeight: 50 },
        { pause: { duration: '30s' } },
        { analysis: { templates: ['success-rate'] } },
      ],
    },
  },
  'blue-green-manual': {
    title: 'Blue-green, manual promotion',
    description:
      'The new version runs beside the old one behind the preview Service, is checked by analysis, and waits for a person to promote; the old version stays up 5 minutes for an instant switch back.',
    spec: {
      strategy: 'blueGreen',
      autoPromotionEnabled: false,
      prePromotionAnalysis: { templates: ['success-rate', 'error-rate'] },
      scaleDownDelaySeconds: 300,
    },
  },
  'blue-green-auto': {
    title: 'Blue-green, automatic promotion',
    description:
      'The preview is promoted automatically 60 seconds after it is ready if the pre-promotion analysis passes; post-promotion analysis watches the error rate after the switch.',
    spec: {
      strategy: 'blueGreen',
      autoPromotionEnabled: true,
      autoPromotionSeconds: 60,
      prePromotionAnalysis: HEALTH_ANALYSIS,
      postPromotionAnalysis: { templates: ['error-rate'] },
      scaleDownDelaySeconds: 120,
    },
  },
  'judge-canary': {
    title: 'Canary judged against stable',
    description:
      'nginx traffic split 10% → 30% → 60% → 100%; at each step the Gradual canary judge compares canary and stable pods statistically: pass continues, fail aborts, marginal pauses for a person.',
    spec: {
      strategy: 'canary',
      trafficRouting: { nginx: {} },
      steps: [
        { setWeight: 10 },
        { pause: { duration: '2m' } },
        { analysis: { templates: ['canary-judge'] } },
        { setWeight: 30 },
        { pause: { duration: '2m' } },
        { analysis: { templates: ['canary-judge'] } },
        { setWeight: 60 },
        { pause: { duration: '2m' } },
        { analysis: { templates: ['canary-judge'] } },
      ],
    },
  },
};

export const BUILT_IN_DEFAULT_PRESET = 'standard-canary';
