import { expect, Page, test } from '@playwright/test';

/** The table count the page shows, from the table's title "Tables (N)". */
async function shownTableCount(page: Page): Promise<number> {
  const title = page.getByText(/^Tables \(\d+\)$/);
  await expect(title).toBeVisible();
  return Number(/\((\d+)\)/.exec((await title.textContent())!)![1]);
}

/** Clicks Export CSV and returns the downloaded file's data lines (header checked, then dropped). */
async function exportedRows(page: Page): Promise<string[]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('dynamodb-encryption-fleet.csv');
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  expect(lines[0]).toBe(
    'arn,account,region,table,keyType,kmsKeyArn,aliases,keyState,rotation,monthlyUsd,owner,findings',
  );
  return lines.slice(1);
}

test.describe('Fleet dashboard', () => {
  test('scans every demo table, lists them from the sidebar, and exports what the filters show', async ({
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

    const total = await shownTableCount(page);
    expect(total).toBeGreaterThanOrEqual(13);

    // At 1,440 px every table is one line: no row taller than one line of text and a chip, nothing
    // pushed off the side of the page.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(
      page.getByRole('link', { name: 'legacy-ledger' }),
    ).toBeVisible();
    const heights = await page
      .locator('tbody tr:has([title^="arn:aws:dynamodb:"])')
      .evaluateAll(rows => rows.map(r => r.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThanOrEqual(total);
    expect(Math.max(...heights)).toBeLessThanOrEqual(56);
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth <= window.innerWidth,
      ),
    ).toBe(true);
    // Trends are time series drawn by recharts: six lines (three key types, rotation, findings, cost).
    expect(await page.locator('.recharts-line').count()).toBe(6);
    expect(
      await page.locator('.recharts-line-dot').count(),
    ).toBeGreaterThanOrEqual(6);
    // From 1,920 px the table has room for accounts (by their configured names) and rotation (AWS
    // managed keys rotate yearly by AWS); below it the row's details show them (fleetColumns.test.ts).
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect(page.getByText('payments-prod').first()).toBeVisible();
    await expect(page.getByText('Automatic, yearly').first()).toBeVisible();
    // The export and the count on screen read the latest complete scan; a scan the scheduler finishes in
    // between (the self-service test adds a table) moves both, so compare them at one moment.
    // The page shows the scan it loaded; a user sees a newer one by reloading, so a retry reloads.
    let all: string[] = [];
    let attempt = 0;
    await expect(async () => {
      if (attempt++) await page.reload();
      const shown = await shownTableCount(page);
      all = await exportedRows(page);
      expect(all).toHaveLength(shown);
    }).toPass({ timeout: 60_000 });
    expect(all.join('\n')).toContain(
      'arn:aws:dynamodb:us-east-1:222222222222:table/invoices',
    );

    // The tile leads to the tables it counts.
    await page.getByRole('link', { name: /^Customer managed: \d+$/ }).click();
    await expect(page.getByRole('link', { name: 'order-items' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'user-sessions' })).toHaveCount(
      0,
    );
    // The filter is in the address, so the view can be shared and survives a reload.
    await expect(page).toHaveURL(/keyType=CUSTOMER_MANAGED/);
    await page.reload();
    await expect(page.getByRole('link', { name: 'user-sessions' })).toHaveCount(
      0,
    );
    const customerManaged = await shownTableCount(page);
    expect(customerManaged).toBeLessThan(total);
    const filtered = await exportedRows(page);
    expect(filtered).toHaveLength(customerManaged);
    for (const line of filtered)
      expect(line.split(',')[4]).toBe('CUSTOMER_MANAGED');
  });
});
