import { defineConfig } from '@playwright/test';
import portal from '../../playwright.config';

/**
 * The adopter check's browser tests (scripts/adopter-check.sh): a fresh Backstage app with the published
 * packages installed from a local registry. The portal's own settings (timeouts, one worker, Debian's
 * Chromium), with this directory's specs, a JSON report the script counts, and the app's address.
 */
export default defineConfig({
  ...portal,
  testDir: '.',
  testMatch: '*.spec.ts',
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.ADOPTER_RESULTS ?? 'results.json' }],
  ],
  outputDir: process.env.ADOPTER_OUTPUT ?? 'test-results',
  use: { ...portal.use, baseURL: process.env.PLAYWRIGHT_URL },
});
