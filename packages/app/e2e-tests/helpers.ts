import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const screenshotDir = resolve(
  __dirname,
  '../../../artifacts/screenshots',
);
mkdirSync(screenshotDir, { recursive: true });

/** Signs in with the guest provider (the local portal's only sign-in). */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(enter).toBeHidden();
  await expect(
    page.getByRole('link', { name: 'Catalog' }).first(),
  ).toBeVisible();
}

export async function openEntity(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}`);
  await expect(
    page.getByRole('heading', { name, exact: true }).first(),
  ).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: resolve(screenshotDir, `${name}.png`),
    fullPage: true,
  });
}

/**
 * Opens the entity's Rollouts tab the way a user does: the tab sits in the
 * entity page's "Deployment" group, next to the Kubernetes tab.
 */
export async function openRolloutsTabOf(page: Page, name: string) {
  await openEntity(page, name);
  await page.getByText('Deployment', { exact: true }).click();
  await page.getByRole('menuitemradio', { name: 'Rollouts' }).click();
  await expect(page).toHaveURL(new RegExp(`/${name}/rollouts`));
}

/** Clicks an action button and its confirm button, and waits for the dialog to close. */
export async function confirmAction(page: Page, action: string) {
  await page.getByTestId(`action-${action}`).click();
  const confirm = page.getByTestId(`confirm-${action}`);
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(confirm).toBeHidden();
}

/** Deploys a new image with the set-image action (the dialog closes on success). */
export async function deployImage(page: Page, image: string) {
  await page.getByTestId('action-set-image').click();
  await page.getByTestId('set-image-image').fill(image);
  await page.getByTestId('confirm-set-image').click();
  await expect(page.getByTestId('confirm-set-image')).toBeHidden();
}
