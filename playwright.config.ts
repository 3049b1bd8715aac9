import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './packages/app/e2e-tests/chromium';

/**
 * Browser tests run by scripts/e2e.sh, which starts the portal first. Debian's Chromium is used as is:
 * Playwright's own browser downloads are not used.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
