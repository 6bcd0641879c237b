import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests against the real portal on the real local cluster.
 * Debian's chromium is used (never a downloaded browser); see
 * scripts/ensure-test-services.sh.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 180_000,
  expect: { timeout: 45_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  webServer: [
    {
      // Installs nothing new when already installed; brings the cluster up when needed.
      command: './scripts/start.sh',
      url: 'http://localhost:3000',
      reuseExistingServer: true,
      timeout: 600_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    actionTimeout: 30_000,
    navigationTimeout: 120_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  outputDir: 'artifacts/e2e-results',
});
