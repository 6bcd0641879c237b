import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { screenshot, signInAsGuest } from './helpers';

/*
 * The Deliveries page on the real portal and the real local cluster: a
 * canary of the demo entity `fleet-canary` (examples/entities.yaml, any
 * namespace) is deployed in a namespace of its own and left paused at its
 * first step, so it needs attention; the page filters to it and links to
 * the entity's Rollouts tab.
 */
const NS = `gradual-e2e-fleet-${Date.now().toString(36)}`;

function kubectl(args: string[], input?: string) {
  const kubeconfig = process.env.GRADUAL_KUBECONFIG;
  if (!kubeconfig) throw new Error('GRADUAL_KUBECONFIG is not set');
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    input,
    encoding: 'utf8',
  });
}

const rollout = (image: string) =>
  JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'fleet-web',
      namespace: NS,
      labels: {
        'backstage.io/kubernetes-id': 'fleet-canary',
        app: 'fleet-web',
      },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'fleet-web' } },
      template: {
        metadata: { labels: { app: 'fleet-web' } },
        spec: { containers: [{ name: 'app', image }] },
      },
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
    },
  });

test.describe('Deliveries page', () => {
  test.beforeAll(() => {
    // the shared controller may be busy (other suites, benches): give it time
    test.setTimeout(12 * 60_000);
    kubectl(['create', 'namespace', NS]);
    kubectl(['apply', '-f', '-'], rollout('registry.local/fleet-web:1.0.0'));
    kubectl([
      'wait',
      '-n',
      NS,
      '--for=jsonpath={.status.phase}=Healthy',
      'rollout/fleet-web',
      '--timeout=300s',
    ]);
    // a new revision: paused at step 1, waiting for a person
    kubectl(['apply', '-f', '-'], rollout('registry.local/fleet-web:2.0.0'));
    kubectl([
      'wait',
      '-n',
      NS,
      '--for=jsonpath={.status.phase}=Paused',
      'rollout/fleet-web',
      '--timeout=300s',
    ]);
  });

  test.afterAll(() => {
    kubectl(['delete', 'namespace', NS, '--wait=false']);
  });

  test('filters to the deliveries needing attention and opens the entity tab', async ({
    page,
  }) => {
    await signInAsGuest(page);
    await page.getByRole('link', { name: 'Deliveries' }).first().click();
    await expect(page).toHaveURL(/\/deliveries/);
    await expect(page.getByTestId('count-attention')).toBeVisible();
    await page.getByRole('checkbox', { name: 'Needs attention' }).check();
    const row = page.getByTestId(`delivery-local-${NS}-fleet-web`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('waiting for promotion');
    // every listed row needs attention
    const rows = page.locator('[data-testid^="delivery-local-"]');
    const count = await rows.count();
    for (let i = 0; i < count; i++)
      await expect(rows.nth(i)).toContainText('needs attention');
    await screenshot(page, 'deliveries-needs-attention');
    await row.getByRole('link', { name: 'fleet-canary' }).click();
    await expect(page).toHaveURL(
      new RegExp(
        `/catalog/default/component/fleet-canary/rollouts\\?rollout=local%2F${NS}%2Ffleet-web`,
      ),
    );
    await expect(page.getByTestId('rollouts-tab')).toBeVisible();
  });
});
