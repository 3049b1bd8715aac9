import { expect, Page, test } from '@playwright/test';

async function openTable(page: Page, name: string) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog' }).first(),
  ).toBeVisible();
  await page.goto(`/catalog/default/resource/${name}`);
  await expect(
    page.getByText('DynamoDB encryption', { exact: true }),
  ).toBeVisible();
}

// The texts below appear only in the encryption card, read live from the sandbox through the backend.
test.describe('DynamoDB encryption card', () => {
  test('shows a demo CMK table as customer managed, with its alias', async ({
    page,
  }) => {
    await openTable(page, 'orders');
    await expect(
      page.getByText('Customer managed', { exact: true }),
    ).toBeVisible();
    await expect(
      page.getByText('alias/orders-data', { exact: true }),
    ).toBeVisible();
    await expect(
      page.getByText(/^arn:aws:kms:us-east-1:111111111111:key\//),
    ).toBeVisible();
  });

  test('shows the AWS managed and AWS owned demo tables', async ({ page }) => {
    await openTable(page, 'audit-log');
    await expect(page.getByText('AWS managed', { exact: true })).toBeVisible();
    await expect(
      page.getByText('alias/aws/dynamodb', { exact: true }),
    ).toBeVisible();
    await page.goto('/catalog/default/resource/user-sessions');
    await expect(page.getByText('AWS owned', { exact: true })).toBeVisible();
  });

  test('shows a disabled key as an error', async ({ page }) => {
    await openTable(page, 'legacy-ledger');
    await expect(
      page.getByText('Customer managed (Disabled)', { exact: true }),
    ).toBeVisible();
  });
});
