import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const screenshotDir = resolve(__dirname, '../../../artifacts/screenshots');
mkdirSync(screenshotDir, { recursive: true });

/** Signs in with the guest provider (the local portal's only sign-in). */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(page.getByRole('navigation', { name: 'sidebar nav' })).toBeVisible();
}

export async function openEntity(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}`);
  await expect(page.getByRole('heading', { name, exact: true }).first()).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}
