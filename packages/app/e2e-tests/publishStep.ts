import { expect, Page } from '@playwright/test';

/**
 * On a template's Publish step: a pull request is the default; the sandbox's portal commits to its local
 * GitOps repository, so the tests choose it as a sandbox user does.
 */
export async function publishToSandbox(page: Page) {
  await page.locator('#root_publishTo').click();
  await page
    .getByRole('option', { name: /The sandbox's local GitOps repository/ })
    .click();
  await expect(page.locator('#root_publishTo')).toContainText(
    "The sandbox's local GitOps repository",
  );
}
