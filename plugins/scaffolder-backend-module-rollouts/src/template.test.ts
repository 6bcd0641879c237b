/*
 * The demo template "Add progressive delivery to a service" stays in step
 * with the code: same guide text as the UI, presets that exist, our actions.
 */
import {
  BUILT_IN_PRESETS,
  STRATEGY_GUIDE_MARKDOWN,
} from '@gradual/plugin-rollouts-common';
import fs from 'node:fs';
import { parse } from 'yaml';
import {
  GENERATE_ACTION_ID,
  GITEA_PULL_REQUEST_ACTION_ID,
  LINT_ACTION_ID,
} from './actions';
import { TEMPLATE_PATH } from './__testUtils__/fixtures';

const template = parse(fs.readFileSync(TEMPLATE_PATH, 'utf8'));

describe('progressive-delivery template', () => {
  it('shows the same strategy guide as the Rollouts tab', () => {
    const strategyPage = template.spec.parameters.find(
      (p: { title: string }) => p.title === 'Strategy',
    );
    expect(strategyPage.description.trim()).toBe(STRATEGY_GUIDE_MARKDOWN);
  });

  it('offers only presets that exist, per strategy', () => {
    const options = template.spec.parameters[1].dependencies.strategy.oneOf;
    for (const option of options) {
      const strategy = option.properties.strategy.const;
      for (const preset of option.properties.preset?.enum ?? []) {
        if (preset === '') continue;
        expect(BUILT_IN_PRESETS[preset]?.spec.strategy).toBe(strategy);
      }
    }
  });

  it('generates, lints and opens a pull request on the service repository, or creates and registers a new one', () => {
    expect(
      template.spec.steps.map((s: { action: string }) => s.action),
    ).toEqual([
      GENERATE_ACTION_ID,
      LINT_ACTION_ID,
      GITEA_PULL_REQUEST_ACTION_ID,
      'fetch:template',
      'publish:gitea',
      'catalog:register',
      'debug:log',
    ]);
    const when = (id: string) =>
      template.spec.steps.find((s: { id: string }) => s.id === id).if;
    expect(when('publish')).toContain("parameters.repository !== 'new'");
    for (const id of ['catalog-info', 'publish-repository', 'register']) {
      expect(when(id)).toContain("parameters.repository === 'new'");
    }
  });
});
