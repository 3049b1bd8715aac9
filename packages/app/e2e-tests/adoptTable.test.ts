import { expect, Page, test } from '@playwright/test';
import { buildDiscoveredTableEntity } from '@dynamodb-encryption/backstage-plugin-common';
import { createAndWait, lastCommit, publishToSandbox } from './publishStep';
import {
  backendUrl,
  gitopsDir,
  guestApi,
  openEncryptionTab,
  sandboxMove,
  signIn,
} from './portal';

/**
 * A table someone made outside GitOps (the sandbox's create-table move: the AWS call, then CloudTrail's
 * event) is discovered, adopted from its own page through the adopt template, declared in the catalog from
 * the commit, and its discovered entity goes.
 */
const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

/** The catalog's Resource rows about the table, as a user finds them: all of them, filtered by its name. */
async function catalogRows(page: Page, table: string) {
  await page.getByRole('link', { name: 'Catalog' }).first().click();
  await expect(page.getByPlaceholder(/search|filter/i).first()).toBeVisible();
  // Kind Resource and every owner: the filters the catalog page keeps in its address.
  const url = new URL(page.url());
  url.searchParams.set('filters[kind]', 'resource');
  url.searchParams.set('filters[user]', 'all');
  await page.goto(url.toString());
  await page
    .getByPlaceholder(/search|filter/i)
    .first()
    .fill(table);
  return page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: table, exact: true }) });
}

async function entityStatus(ref: string) {
  const res = await (
    await guestApi()
  ).get(`${backendUrl}/api/catalog/entities/by-name/${ref}`);
  return res.status();
}

test.describe('Adopt a discovered table', () => {
  test('made outside GitOps → discovered → "Adopt into GitOps" → preview → Create: declared, the discovered entity gone', async ({
    page,
  }) => {
    test.setTimeout(420_000);
    const table = `e2e-adopt-${Date.now().toString(36)}`;
    // The discovered entity's name, by the provider's own rule.
    const { name: discoveredName } = buildDiscoveredTableEntity(
      { tableName: table, accountId: ACCOUNT, region: REGION },
      'group:default/unowned',
    ).metadata;
    const discovered = `resource/default/${discoveredName}`;
    await sandboxMove(
      'create-table',
      '--account',
      ACCOUNT,
      '--region',
      REGION,
      '--table',
      table,
    );

    // The CreateTable event puts the table in the fleet; the provider makes it a discovered entity.
    await expect(async () => {
      expect(await entityStatus(discovered)).toBe(200);
    }).toPass({ timeout: 150_000, intervals: [5_000] });

    // Found in the catalog as a user would, and opened from its row.
    await signIn(page);
    await (await catalogRows(page, table))
      .getByRole('link', { name: table, exact: true })
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/resource/${discoveredName}$`),
    );
    await openEncryptionTab(page);
    await page
      .getByRole('button', { name: 'Adopt into GitOps' })
      .first()
      .click();
    await expect(page).toHaveURL(
      /\/create\/templates\/default\/adopt-dynamodb-table\?formData=/,
    );
    // The entity picker checks its value against the catalog's entities once they have loaded: Next may be
    // refused while they load, so press it until the Publish step shows.
    await expect(async () => {
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.locator('#root_publishTo')).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 60_000 });
    await publishToSandbox(page);
    await page.getByRole('button', { name: 'Next' }).click();

    // The preview: the Application that declares the table as it is, adopted without a write.
    const preview = page.getByRole('region', { name: 'Adoption preview' });
    await expect(preview).toContainText('kind: Application', {
      timeout: 60_000,
    });
    await expect(preview).toContainText('adopt: true');
    await expect(page.getByTestId('adoption-refusals')).toHaveCount(0);

    await createAndWait(page);

    const log = lastCommit(gitopsDir);
    expect(log).toContain(`apps/${table}/application.yaml`);
    expect(log).toContain(`apps/${table}/catalog-info.yaml`);

    // Declared from the commit; the discovered entity leaves at the provider's next run.
    await expect(async () => {
      expect(await entityStatus(`resource/default/${table}`)).toBe(200);
      expect(await entityStatus(discovered)).toBe(404);
    }).toPass({ timeout: 150_000, intervals: [5_000] });

    // What the user sees: one row for the table in the catalog, the declared entity.
    const rows = await catalogRows(page, table);
    await expect(rows).toHaveCount(1);
    await rows.getByRole('link', { name: table, exact: true }).click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/resource/${table}$`),
    );
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByText('AWS owned', { exact: true }).first(),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByText('Adopt into GitOps')).toHaveCount(0);
  });
});
