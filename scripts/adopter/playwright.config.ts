import { defineConfig } from '@playwright/test';

/**
 * Browser checks of the adopter test (scripts/adopter/test-adopter.mjs), which
 * starts the generated app and passes its URLs in ADOPTER_NEW_URL and
 * ADOPTER_LEGACY_URL. Debian's chromium, never a downloaded browser.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'adopter.spec.ts',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  use: {
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
  outputDir: '../../artifacts/adopter-results',
});
