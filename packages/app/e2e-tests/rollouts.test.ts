import { test, expect, type Page, type Locator } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  confirmAction,
  deployImage,
  openRolloutsTabOf,
  screenshot,
  signInAsGuest,
} from './helpers';

/*
 * The delivery flows of the Rollouts tab against the real portal and the real
 * Argo Rollouts controller of the local cluster (demo namespace). Every state
 * asserted here is what the controller wrote back, read through the backend.
 */

async function openRolloutsTab(page: Page, entity: string) {
  await openRolloutsTabOf(page, entity);
  const detail = page.getByTestId('rollout-detail');
  await expect(detail).toBeVisible();
  return detail;
}

function phaseOf(detail: Locator) {
  return detail.getByTestId('rollout-phase').first();
}

/** Clicks the Rollback button of the newest non-current revision and confirms. */
async function rollBackToPrevious(page: Page) {
  const rollback = page
    .locator('button[data-testid^="action-rollback-"]')
    .first();
  await expect(rollback).toBeEnabled();
  const testId = (await rollback.getAttribute('data-testid'))!;
  await rollback.click();
  await page.getByTestId(testId.replace(/^action-/, 'confirm-')).click();
}

test.describe('Rollouts tab on the real controller', () => {
  test('deploy, promote, abort and roll back user-service', async ({
    page,
  }) => {
    await signInAsGuest(page);
    const detail = await openRolloutsTab(page, 'user-service');
    const phase = phaseOf(detail);

    await test.step('start from a finished rollout', async () => {
      // A previous interrupted run may have left a rollout in flight: finish it first.
      await expect(phase).toHaveAttribute(
        'data-phase',
        /Healthy|Paused|Progressing|Degraded/,
      );
      const current = await phase.getAttribute('data-phase');
      if (current === 'Paused' || current === 'Progressing') {
        await confirmAction(page, 'promote-full');
      } else if (current === 'Degraded') {
        await rollBackToPrevious(page);
      }
      await expect(phase).toHaveAttribute('data-phase', 'Healthy', {
        timeout: 120_000,
      });
      await screenshot(page, 'rollouts-1-healthy');
    });

    const tag = `1.${Date.now() % 100000}.0`;
    await test.step('deploy a new image: the controller stops at step 1 with 10% canary', async () => {
      await deployImage(page, `registry.local/user-service:${tag}`);
      await expect(phase).toHaveAttribute('data-phase', 'Paused', {
        timeout: 90_000,
      });
      await expect(detail.getByTestId('rollout-step').first()).toHaveText(
        /^Step 1\//,
      );
      await expect(detail.getByTestId('rollout-weight').first()).toContainText(
        '10',
      );
      await expect(
        detail.getByText(`user-service:${tag}`).first(),
      ).toBeVisible();
      await screenshot(page, 'rollouts-2-step1-paused');
    });

    await test.step('promote: the controller moves past the pause', async () => {
      await confirmAction(page, 'promote');
      await expect(detail.getByTestId('rollout-step').first()).not.toHaveText(
        /^Step 1\//,
        {
          timeout: 60_000,
        },
      );
      await expect(detail.getByTestId('rollout-weight').first()).toContainText(
        /30|50/,
        {
          timeout: 60_000,
        },
      );
      await screenshot(page, 'rollouts-3-promoted');
    });

    await test.step('abort: the rollout is Degraded and traffic goes back to stable', async () => {
      await confirmAction(page, 'abort');
      await expect(phase).toHaveAttribute('data-phase', 'Degraded', {
        timeout: 60_000,
      });
      await screenshot(page, 'rollouts-4-aborted');
    });

    await test.step('roll back to the previous revision: Healthy again', async () => {
      await rollBackToPrevious(page);
      await expect(phase).toHaveAttribute('data-phase', 'Healthy', {
        timeout: 120_000,
      });
      // The overview shows the current images: the new tag is gone (it stays in the revision history).
      await expect(
        page.getByTestId('rollout-row-user-service'),
      ).not.toContainText(tag, {
        timeout: 60_000,
      });
      await screenshot(page, 'rollouts-5-rolled-back');
    });

    await test.step('the action history lists what the guest did', async () => {
      // Newest first: the rollback, then the abort, the promote and the deploy.
      const history = page.locator('[data-testid^="action-history-"]');
      await expect(history.nth(0)).toContainText('Roll back');
      await expect(history.nth(0)).toContainText('guest');
      await expect(history.nth(1)).toContainText('Abort');
      await expect(history.nth(2)).toContainText('Promote');
      await expect(history.nth(3)).toContainText('Deploy new image');
    });
  });

  test('controls on another team’s rollout are disabled for the guest, with the reason', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await openRolloutsTab(page, 'payments-service');
    for (const action of ['promote', 'abort', 'set-image', 'restart']) {
      const button = page.getByTestId(`action-${action}`);
      await expect(button).toBeDisabled();
    }
    await expect(page.getByTestId('action-set-image')).toHaveAttribute(
      'aria-label',
      /unavailable: .*permission/i,
    );
    await screenshot(page, 'rollouts-6-payments-disabled');
  });

  test('change user-service to another preset and see the new steps', async ({
    page,
  }) => {
    await signInAsGuest(page);
    const detail = await openRolloutsTab(page, 'user-service');
    await expect(phaseOf(detail)).toHaveAttribute('data-phase', 'Healthy', {
      timeout: 120_000,
    });
    try {
      await page.getByTestId('action-change-strategy').click();
      const dialog = page.getByTestId('change-strategy-dialog');
      await expect(dialog).toBeVisible();
      const diff = page.getByTestId('strategy-diff');
      await expect(diff).toContainText('No change to the live strategy');
      await page.getByTestId('strategy-preset').selectOption('quick-canary');
      await expect(diff).toContainText('setWeight: 20');
      await screenshot(page, 'rollouts-8-change-strategy');
      const apply = page.getByTestId('strategy-apply');
      await expect(apply).toBeEnabled();
      await apply.click();
      await expect(dialog).toBeHidden();
      // The steps shown are read back from the real API server.
      await expect(detail.getByTestId('canary-step-0')).toContainText('20');
      await expect(detail.getByTestId('canary-steps')).toContainText('60');
      await screenshot(page, 'rollouts-9-new-steps');
    } finally {
      // Put the demo rollout back exactly as the local cluster seeds it.
      const kubeconfig = process.env.GRADUAL_KUBECONFIG;
      if (kubeconfig) {
        execFileSync('kubectl', [
          '--kubeconfig',
          kubeconfig,
          'apply',
          '-n',
          'demo',
          '-f',
          resolve(__dirname, '../../cluster/demo/user-service.yaml'),
        ]);
      }
    }
  });

  test('blue-green order-service shows active and preview', async ({
    page,
  }) => {
    await signInAsGuest(page);
    const detail = await openRolloutsTab(page, 'order-service');
    await expect(detail.getByTestId('blue-green-view')).toBeVisible();
    await expect(phaseOf(detail)).toHaveAttribute(
      'data-phase',
      /Healthy|Paused|Progressing/,
    );
    await screenshot(page, 'rollouts-7-blue-green');
  });
});
