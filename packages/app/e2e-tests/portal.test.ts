import { test, expect } from '@playwright/test';
import {
  openEntity,
  openRolloutsTabOf,
  screenshot,
  signInAsGuest,
} from './helpers';

test.describe('the portal', () => {
  test('shows the demo services and a Rollouts tab only where the Kubernetes annotations are', async ({
    page,
  }) => {
    await signInAsGuest(page);

    await page.goto('/?filters[kind]=component&filters[user]=all');
    for (const name of ['user-service', 'order-service', 'payments-service']) {
      await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await screenshot(page, 'catalog');

    // The catalog index is the home page; the Rollouts tab is in the "Deployment" group.
    await openRolloutsTabOf(page, 'user-service');
    await expect(page.getByTestId('rollouts-tab')).toBeVisible();
    await expect(page.getByTestId('rollout-row-user-service')).toBeVisible();
    await screenshot(page, 'user-service-rollouts');

    await openEntity(page, 'docs-site');
    await expect(
      page.getByText('Overview', { exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByText('Deployment', { exact: true })).toHaveCount(0);
    await expect(page.getByText('Rollouts', { exact: true })).toHaveCount(0);
  });
});
