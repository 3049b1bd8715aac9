import { expect, test } from '@playwright/test';
import { signIn } from './portal';

test.describe('DynamoDB encryption tab', () => {
  for (const [table, keyType] of [
    ['orders', 'Customer managed'],
    ['audit-log', 'AWS managed'],
    ['user-sessions', 'AWS owned'],
  ]) {
    test(`shows the whole report of ${table} (${keyType})`, async ({
      page,
    }) => {
      await signIn(page);
      await page.goto(`/catalog/default/resource/${table}/dynamodb-encryption`);
      await expect(
        page.getByText('Estimated KMS cost', { exact: false }).first(),
      ).toBeVisible();
      await expect(
        page.getByText(keyType, { exact: true }).first(),
      ).toBeVisible();
      await expect(
        page.getByText('Compliance evidence', { exact: true }),
      ).toBeVisible();
      await expect(
        page.getByText('Desired (Git) vs actual (AWS)'),
      ).toBeVisible();
    });
  }

  test('flags a manifest that names its key by alias', async ({ page }) => {
    await signIn(page);
    await page.goto('/catalog/default/resource/payments/dynamodb-encryption');
    await expect(
      page.getByText(/Drift in kmsKeyId: .*needs the key ARN/),
    ).toBeVisible();
    await expect(
      page.getByText('alias/payments-data', { exact: true }).first(),
    ).toBeVisible();
  });

  test('lists the tables a service depends on', async ({ page }) => {
    await signIn(page);
    await page.goto('/catalog/default/component/orders-service');
    const card = page
      .locator('.MuiCard-root')
      .filter({ has: page.getByText('DynamoDB tables', { exact: true }) });
    await expect(card.getByRole('link', { name: /order-items/ })).toBeVisible();
    await expect(
      card.getByText('Customer managed', { exact: true }),
    ).toHaveCount(3);
  });
});
