import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../../packages/app/e2e-tests/chromium';

/**
 * The adopter check's browser tests (scripts/adopter-check.sh): a fresh Backstage app with the published
 * packages installed from a local registry. Kept apart from the repository's own browser tests, which
 * playwright.config.ts at the root runs.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.ADOPTER_RESULTS ?? 'results.json' }],
  ],
  outputDir: process.env.ADOPTER_OUTPUT ?? 'test-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL,
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
