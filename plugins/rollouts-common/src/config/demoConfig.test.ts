import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { readRolloutsPlatformConfig } from '.';
import { resolveStrategy } from '../strategy';

// The demo portal's app-config: a typo there would stop the backend at start-up.
const APP_CONFIG = path.resolve(__dirname, '../../../../app-config.yaml');

describe('the demo app-config', () => {
  it('has valid rollouts.defaults and rollouts.policies', () => {
    const config = new ConfigReader(parse(fs.readFileSync(APP_CONFIG, 'utf8')));
    const { defaults, policies } = readRolloutsPlatformConfig(config);
    expect(defaults.presets['cautious-canary'].spec.strategy).toBe('canary');
    expect(policies.maxFirstCanaryWeight).toBe(25);
    expect(resolveStrategy(defaults, { namespace: 'demo' }).presetName).toBe(
      'standard-canary',
    );
    expect(
      resolveStrategy(defaults, { namespace: 'prod-eu' }).presetName,
    ).toBe('blue-green-manual');
  });
});
