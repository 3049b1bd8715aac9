import { expect, test } from '@playwright/test';
import {
  changeKeyUpToPreview,
  publishToSandbox,
} from '../../packages/app/e2e-tests/publishStep';
import {
  backendUrl,
  guestApi,
  openEncryptionTab,
  signIn,
} from '../../packages/app/e2e-tests/portal';

// A fresh Backstage app (scripts/adopter-check.sh) with the packages installed as docs/install.md says,
// reading the demo fleet in the sandbox. The same tests run against an app of each frontend system
// (ADOPTER_FRONTEND: the new one, or the legacy one with the frontend README's components).

// A Material UI card; a legacy app's class names carry a suffix (`MuiCard-root-123`).
const CARD = '[class*="MuiCard-root"]';

test('the encryption card on a demo table', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/resource/orders');
  await expect(
    page.getByText('DynamoDB encryption', { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByText('Customer managed', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    page.getByText('alias/orders-data', { exact: true }).first(),
  ).toBeVisible();
});

test('the encryption tab, with drift read from the GitOps repository', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/resource/orders');
  await openEncryptionTab(page);
  await expect(page).toHaveURL(
    /\/catalog\/default\/resource\/orders\/dynamodb-encryption$/,
  );
  await expect(
    page.getByText('Compliance evidence', { exact: true }),
  ).toBeVisible();
  await expect(page.getByText('Desired (Git) vs actual (AWS)')).toBeVisible();
});

test('the fleet page from the sidebar, after the first scan', async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
  await expect(
    page.getByText('DynamoDB encryption across the fleet'),
  ).toBeVisible();
  await expect(page.getByText(/^Tables \([1-9]\d*\)$/)).toBeVisible({
    timeout: 90_000,
  });
  await expect(page.getByRole('button', { name: 'Scan now' })).toBeVisible();
});

test('the tables a service depends on, on its overview', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/component/orders-service');
  const card = page
    .locator(CARD)
    .filter({ has: page.getByText('DynamoDB tables', { exact: true }) });
  await expect(card.getByRole('link', { name: /order-items/ })).toBeVisible();
});

test("Change key opens its template, whose preview shows the Application's diff", async ({
  page,
}) => {
  // A demo table on the AWS owned key; nothing is created.
  await signIn(page);
  await page.goto('/catalog/default/resource/feature-flags');
  await changeKeyUpToPreview(page, 'alias/orders-data (rotation on)');
  // DynamoDbKeyChangePreview: the trait's lines, read from the Application in Git.
  const diff = page.getByTestId('key-change-diff');
  await expect(diff.locator('[data-kind="removed"]')).toHaveText([
    '-            enabled: false',
  ]);
  await expect(page.getByTestId('key-change-refusals')).toHaveCount(0);
});

test("the template from the module's package, and its form fields", async ({
  page,
}) => {
  const catalog = await guestApi();
  const res = await catalog.get(
    `${backendUrl}/api/catalog/entities/by-name/template/default/encrypted-dynamodb-table`,
  );
  expect(res.status()).toBe(200);
  expect(
    (await res.json()).metadata.annotations['backstage.io/managed-by-location'],
  ).toContain(
    '/node_modules/@dynamodb-encryption/backstage-plugin-scaffolder-backend-module/templates/',
  );

  await signIn(page);
  await page.goto('/create');
  await page
    .locator(`article, ${CARD}`)
    .filter({
      has: page.getByText('Encrypted DynamoDB table', { exact: true }),
    })
    .last()
    .getByRole('button', { name: 'Choose' })
    .click();
  // DynamoDbTableName: checked while typing, through the backend plugin.
  await page.getByLabel('Table name').fill('adopter-check-table');
  await expect(
    page.getByText(/^Free in 111111111111\/us-east-1 and in the catalog/),
  ).toBeVisible();
  await page.getByRole('textbox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: 'orders-team' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // KmsKeyPicker: the account's keys, read live from KMS.
  await page.locator('#root_kmsKeyArn').click();
  await page
    .getByRole('option', { name: 'alias/orders-data (rotation on)' })
    .click();
  await expect(page.getByText(/Rotates automatically/)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // A pull request is the default; this app is configured with the sandbox's local GitOps repository.
  await publishToSandbox(page);
  await page.getByRole('button', { name: 'Next' }).click();
  // DynamoDbTablePreview: a dry run of the template with these answers.
  await expect(page.getByTestId('preview-key-type')).toHaveText(
    'Key: Customer managed',
  );
  await expect(
    page.getByTestId('preview-application').locator('code'),
  ).toContainText('kind: Application', { timeout: 60_000 });
});

test("MCP lists the plugin's actions", async () => {
  const mcp = await guestApi();
  const res = await mcp.post(`${backendUrl}/api/mcp-actions/v1`, {
    headers: { Accept: 'application/json, text/event-stream' },
    data: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} },
  });
  expect(res.status()).toBe(200);
  // The stateless streamable transport answers in one SSE event.
  const text = await res.text();
  const data = text
    .split('\n')
    .find(l => l.startsWith('data: '))
    ?.slice('data: '.length);
  const names = (
    JSON.parse(data ?? text).result.tools as { name: string }[]
  ).map(t => t.name);
  expect(names).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/get-table-encryption$/),
      expect.stringMatching(/list-tables-with-findings$/),
    ]),
  );
});
