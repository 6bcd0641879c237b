import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';

/*
 * The generated adopter app (scripts/adopter/test-adopter.mjs) in chromium: the
 * new frontend system app served by the built backend, and the classic app.
 * The demo entity is only looked at; promotes go to the test's own rollout,
 * in the test's own namespace. Every state asserted is what the real Argo
 * controller wrote back.
 */

const NEW_URL = process.env.ADOPTER_NEW_URL!;
const LEGACY_URL = process.env.ADOPTER_LEGACY_URL!;
const NAMESPACE = process.env.ADOPTER_NAMESPACE!;
const ENTITY = process.env.ADOPTER_ENTITY!;
const KUBECONFIG = process.env.GRADUAL_KUBECONFIG!;

function kubectl(args: string[]) {
  return execFileSync('kubectl', ['--kubeconfig', KUBECONFIG, ...args], {
    encoding: 'utf8',
  });
}

function stepIndex() {
  return Number(
    kubectl([
      'get',
      'rollout',
      ENTITY,
      '-n',
      NAMESPACE,
      '-o',
      'jsonpath={.status.currentStepIndex}',
    ]),
  );
}

async function signIn(page: Page, baseUrl: string) {
  await page.goto(baseUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  // the new frontend's nav says Catalog, the classic template's sidebar Home
  const catalog = page.getByRole('link', { name: /^(Catalog|Home)$/ }).first();
  await expect(enter.or(catalog)).toBeVisible();
  if (await enter.isVisible()) await enter.click();
  await expect(catalog).toBeVisible();
}

/** New frontend system: the tab sits in the entity page's Deployment group. */
async function openTabNew(page: Page, name: string) {
  await page.goto(`${NEW_URL}/catalog/default/component/${name}`);
  await expect(
    page.getByRole('heading', { name, exact: true }).first(),
  ).toBeVisible({ timeout: 120_000 }); // the catalog ingests the locations after the start
  await page.getByText('Deployment', { exact: true }).click();
  await page.getByRole('menuitemradio', { name: 'Rollouts' }).click();
  await expect(page).toHaveURL(new RegExp(`/${name}/rollouts`));
}

/** Classic app: the EntityLayout.Route the README adds. */
async function openTabLegacy(page: Page, name: string) {
  await page.goto(`${LEGACY_URL}/catalog/default/component/${name}`);
  // (the classic header's heading also names its star button: wait for the tab)
  const tab = page.getByRole('tab', { name: 'Rollouts' });
  await expect(tab).toBeVisible({ timeout: 120_000 });
  await tab.click();
  await expect(page).toHaveURL(new RegExp(`/${name}/rollouts`));
}

async function expectDemoCanary(page: Page) {
  const detail = page.getByTestId('rollout-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('rollout-row-user-service')).toBeVisible();
  // user-service's canary, as seeded in the demo namespace: 10% first, then a pause
  await expect(detail.getByTestId('canary-step-0')).toContainText('10');
  await expect(detail.getByTestId('rollout-phase').first()).toHaveAttribute(
    'data-phase',
    /Healthy|Paused|Progressing|Degraded/,
  );
}

/** Promotes the own rollout from the open tab; the controller moves past the pause. */
async function promote(page: Page, fromStep: number) {
  const detail = page.getByTestId('rollout-detail');
  await expect(detail.getByTestId('rollout-phase').first()).toHaveAttribute(
    'data-phase',
    'Paused',
    { timeout: 120_000 },
  );
  await expect(detail.getByTestId('rollout-step').first()).toHaveText(
    new RegExp(`^Step ${fromStep}/`),
  );
  await page.getByTestId('action-promote').click();
  const confirm = page.getByTestId('confirm-promote');
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(confirm).toBeHidden();
  await expect(detail.getByTestId('rollout-step').first()).not.toHaveText(
    new RegExp(`^Step ${fromStep}/`),
    { timeout: 90_000 },
  );
  await expect.poll(stepIndex, { timeout: 90_000 }).toBeGreaterThan(fromStep);
}

test.describe.configure({ mode: 'serial' });

test('new frontend system: the demo canary, and a promote of the own rollout', async ({
  page,
}) => {
  await signIn(page, NEW_URL);
  await openTabNew(page, 'user-service');
  await expectDemoCanary(page);

  // A new image: the controller stops at the indefinite pause (step 1, 25%).
  // (`kubectl set image` does not know Rollouts: a JSON patch of the pod template)
  kubectl([
    'patch',
    'rollout',
    ENTITY,
    '-n',
    NAMESPACE,
    '--type',
    'json',
    '-p',
    JSON.stringify([
      {
        op: 'replace',
        path: '/spec/template/spec/containers/0/image',
        value: `registry.local/${ENTITY}:2.0.0`,
      },
    ]),
  ]);
  await openTabNew(page, ENTITY);
  await expect(page.getByTestId('rollout-weight').first()).toContainText('25', {
    timeout: 120_000,
  });
  await promote(page, 1);
  await expect(page.getByTestId('rollout-weight').first()).toContainText('50', {
    timeout: 90_000,
  });
});

test('classic frontend: the EntityPage route shows the demo canary and promotes to the end', async ({
  page,
}) => {
  await signIn(page, LEGACY_URL);
  await openTabLegacy(page, 'user-service');
  await expectDemoCanary(page);

  await openTabLegacy(page, ENTITY);
  await promote(page, 3);
  await expect(
    page.getByTestId('rollout-detail').getByTestId('rollout-phase').first(),
  ).toHaveAttribute('data-phase', 'Healthy', { timeout: 120_000 });
});
