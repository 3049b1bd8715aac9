import { expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';

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

/** From a template's last step: Review, Create, and the task's link to the table once it is done. */
export async function createAndWait(page: Page) {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByRole('link', { name: 'The table in the catalog' }),
  ).toBeVisible({ timeout: 120_000 });
}

/** The subject and files of the GitOps repository's last commit. */
export function lastCommit(gitopsDir: string): string {
  return execFileSync('git', ['log', '--format=%s', '--name-only', '-n', '1'], {
    cwd: gitopsDir,
  }).toString();
}

/**
 * From a declared table's page: "Change key" opens its template with the table filled in; then the key
 * picker's `keyOption`, the sandbox's repository, and the preview step.
 */
export async function changeKeyUpToPreview(page: Page, keyOption: string) {
  await page.getByText('Change key', { exact: true }).first().click();
  await expect(page).toHaveURL(
    /\/create\/templates\/default\/change-dynamodb-table-key\?formData=/,
  );
  await expect(
    page.getByText("Change a DynamoDB table's key").first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  // The key picker lists the keys of the table's own account and region.
  await page.locator('#root_kmsKeyArn').click();
  await page.getByRole('option', { name: keyOption }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await publishToSandbox(page);
  await page.getByRole('button', { name: 'Next' }).click();
}
