import { test, expect } from '@playwright/test';
import { openEntity, screenshot, signInAsGuest } from './helpers';

test.describe('the portal', () => {
  test('shows the demo services and a Rollouts tab only where the Kubernetes annotations are', async ({ page }) => {
    await signInAsGuest(page);

    await page.goto('/catalog?filters[kind]=component&filters[user]=all');
    for (const name of ['user-service', 'order-service', 'payments-service']) {
      await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    }
    await screenshot(page, 'catalog');

    await openEntity(page, 'user-service');
    const tab = page.getByRole('tab', { name: 'Rollouts' });
    await expect(tab).toBeVisible();
    await tab.click();
    await expect(page).toHaveURL(/\/rollouts/);
    await expect(page.getByText('user-service', { exact: false }).first()).toBeVisible();
    await screenshot(page, 'user-service-rollouts');

    await openEntity(page, 'docs-site');
    await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Rollouts' })).toHaveCount(0);
  });
});
