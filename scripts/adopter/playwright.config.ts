import { defineConfig } from '@playwright/test';
import { resolve } from 'node:path';
import portal from '../../playwright.config';

// Run by hand, without the script's paths: beside the portal's own results, which Git ignores.
const cache = resolve(__dirname, '../../node_modules/.cache');

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
    [
      'json',
      {
        outputFile:
          process.env.ADOPTER_RESULTS ?? `${cache}/adopter-results.json`,
      },
    ],
  ],
  outputDir: process.env.ADOPTER_OUTPUT ?? `${cache}/adopter-test-results`,
  use: { ...portal.use, baseURL: process.env.PLAYWRIGHT_URL },
});
