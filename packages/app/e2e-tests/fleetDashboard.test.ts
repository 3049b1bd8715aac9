import { expect, request, test } from '@playwright/test';

const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';

test.describe('Fleet dashboard', () => {
  test('scans every demo table and lists them, reachable from the sidebar', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
    await expect(
      page.getByText('DynamoDB encryption across the fleet'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('scan-status')).toContainText(
        'Last scan complete',
        { timeout: 5_000 },
      );
    }).toPass({ timeout: 120_000 });
    await expect(page.getByText(/Tables \(1[3-9]\)/)).toBeVisible();
    await page.getByLabel('Key type').click();
    await page.getByRole('option', { name: 'Customer managed' }).click();
    await expect(page.getByRole('link', { name: 'order-items' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'user-sessions' })).toHaveCount(
      0,
    );

    const token = (
      await (
        await (
          await request.newContext()
        ).get(`${backendUrl}/api/auth/guest/refresh`)
      ).json()
    ).backstageIdentity.token;
    const api = await request.newContext({
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    const csv = await (
      await api.get(`${backendUrl}/api/dynamodb-encryption/fleet/export.csv`)
    ).text();
    expect(csv.split('\n')[0]).toBe(
      'arn,account,region,table,keyType,kmsKeyArn,aliases,keyState,rotation,monthlyUsd,owner,findings',
    );
    expect(csv).toContain(
      'arn:aws:dynamodb:us-east-1:222222222222:table/invoices',
    );
  });
});
