import { test, expect, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  confirmAction,
  deployImage,
  openRolloutsTabOf,
  screenshot,
  signInAsGuest,
} from './helpers';

/*
 * User-segment routing and the revision diff in the Rollouts tab, against
 * the real portal and the real Argo Rollouts controller (demo user-service,
 * nginx traffic routing). What the tab shows after applying is what the
 * controller wrote into the canary Ingress, read back through the backend.
 */

const kubectl = (...args: string[]) => {
  const kubeconfig = process.env.GRADUAL_KUBECONFIG;
  return kubeconfig
    ? execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args]).toString()
    : undefined;
};

/** The demo rollout's live strategy, to put back after the test (the image stays). */
function liveStrategy(): unknown {
  const json = kubectl(
    'get',
    '-n',
    'demo',
    'rollout',
    'user-service',
    '-o',
    'json',
  );
  return json ? JSON.parse(json).spec.strategy : undefined;
}

function restoreStrategy(strategy: unknown) {
  if (strategy === undefined) return;
  kubectl(
    'patch',
    '-n',
    'demo',
    'rollout',
    'user-service',
    '--type',
    'json',
    '-p',
    JSON.stringify([
      { op: 'replace', path: '/spec/strategy', value: strategy },
    ]),
  );
}

async function healthy(page: Page, phase: Locator) {
  await expect(phase).toHaveAttribute(
    'data-phase',
    /Healthy|Paused|Progressing|Degraded/,
  );
  const current = await phase.getAttribute('data-phase');
  if (current === 'Paused' || current === 'Progressing') {
    await confirmAction(page, 'promote-full');
  }
  await expect(phase).toHaveAttribute('data-phase', 'Healthy', {
    timeout: 120_000,
  });
}

test.describe('User segments and revision diff on the real controller', () => {
  test('send an IP range to the canary of user-service, then compare two revisions', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openRolloutsTabOf(page, 'user-service');
    const detail = page.getByTestId('rollout-detail');
    await expect(detail).toBeVisible();
    const phase = detail.getByTestId('rollout-phase').first();
    await healthy(page, phase);

    const strategyBefore = liveStrategy();
    try {
      await test.step('author an IP-range segment in the change-strategy dialog', async () => {
        await page.getByTestId('action-change-strategy').click();
        const dialog = page.getByTestId('change-strategy-dialog');
        await expect(dialog).toBeVisible();
        await page.getByTestId('strategy-segment-kind').selectOption('ip');
        await page
          .getByTestId('strategy-segment-parameter')
          .fill('10.20.16.0/20');
        await expect(
          page.getByTestId('strategy-segment-condition'),
        ).toContainText('X-Client-Ip matches');
        await page.getByTestId('strategy-segment-add').click();
        await expect(page.getByTestId('strategy-nginx-segment')).toContainText(
          'X-Client-Ip',
        );
        const diff = page.getByTestId('strategy-diff');
        await expect(diff).toContainText('canary-by-header: X-Client-Ip');
        await expect(diff).toContainText('canary-by-header-pattern');
        await screenshot(page, 'segments-1-authored');
        const apply = page.getByTestId('strategy-apply');
        await expect(apply).toBeEnabled();
        await apply.click();
        await expect(dialog).toBeHidden();
      });

      await test.step('the tab shows what the controller wrote into the canary Ingress', async () => {
        const canaryIngress = detail.getByTestId(
          'ingress-user-service-user-service-canary',
        );
        await expect(canaryIngress).toContainText(
          'canary-by-header: X-Client-Ip',
          { timeout: 60_000 },
        );
        await expect(canaryIngress).toContainText(
          'canary-by-header-pattern: ^10\\.20\\.(1[6-9]|2[0-9]|3[0-1])\\.[0-9]{1,3}$',
        );
        await screenshot(page, 'segments-2-written');
      });

      const tag = `2.${Date.now() % 100000}.0`;
      await test.step('deploy a new image and compare the two newest revisions', async () => {
        await deployImage(page, `registry.local/user-service:${tag}`);
        await expect(phase).toHaveAttribute('data-phase', 'Paused', {
          timeout: 90_000,
        });
        const diff = detail.getByTestId('revision-diff');
        const imageChange = diff.locator(
          '[data-testid="revision-diff-change"][data-field="image"]',
        );
        await expect(imageChange).toContainText(
          `registry.local/user-service:${tag}`,
        );
        // an older pair: pick the oldest revision as "from"
        const from = diff.getByTestId('revision-diff-from');
        const options = await from.locator('option').allTextContents();
        expect(options.length).toBeGreaterThanOrEqual(2);
        await from.selectOption({ index: options.length - 1 });
        await expect(
          diff.locator('[data-testid="revision-diff-change"]').first(),
        ).toBeVisible();
        await screenshot(page, 'segments-3-revision-diff');
      });

      await test.step('promote fully: Healthy on the new image', async () => {
        await confirmAction(page, 'promote-full');
        await expect(phase).toHaveAttribute('data-phase', 'Healthy', {
          timeout: 120_000,
        });
      });
    } finally {
      restoreStrategy(strategyBefore);
    }
  });
});
