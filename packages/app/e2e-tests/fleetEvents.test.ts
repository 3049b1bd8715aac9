import { expect, Locator, Page, test } from '@playwright/test';
import { sandboxMove } from './portal';

/**
 * AWS events end to end: a key disabled in the sandbox (the AWS call on moto, then CloudTrail's event on the
 * account's bus, forwarded to the portal's queue) reaches the open fleet dashboard without a reload, and the
 * notifications page once; enabling the key again updates that one notification.
 *
 * The key is the demo `customers-eu` key (platform-prod, eu-west-1): it protects the `customers-eu` table
 * only, and no other browser test looks at either.
 */
const KEY = {
  account: 'platform-prod',
  region: 'eu-west-1',
  key: 'alias/customers-eu',
};
const TABLE = 'customers-eu';
const DISABLED_TITLE = `${TABLE}: The customer managed key is disabled: the table becomes inaccessible`;
const CLEARED_TITLE = `${TABLE}: findings cleared`;

/** A key move on the demo key (docs/events.md). */
const keyMove = (move: 'disable-key' | 'enable-key') =>
  sandboxMove(
    move,
    '--account',
    KEY.account,
    '--region',
    KEY.region,
    '--key',
    KEY.key,
  );

/** The table's line in the fleet table. */
const fleetRow = (page: Page) =>
  page.locator('tr', {
    has: page.getByRole('link', { name: TABLE, exact: true }),
  });

/** Opens the fleet dashboard from the sidebar, with a complete scan behind it (starting one if there is none). */
async function openFleet(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
  const status = page.getByTestId('scan-status');
  await expect(status).toBeVisible();
  if (!/Last scan (complete|partial)/.test((await status.textContent())!)) {
    await page.getByRole('button', { name: 'Scan now' }).click();
    await expect(status).toContainText(/Last scan (complete|partial)/, {
      timeout: 120_000,
    });
  }
  await expect(fleetRow(page)).toBeVisible();
}

/** The number of tables whose most severe finding is critical, from the dashboard's bar chart. */
async function criticalTables(page: Page): Promise<number> {
  const bar = page
    .locator('.MuiCard-root', { hasText: 'Tables by most severe finding' })
    .getByRole('link', { name: 'critical', exact: true })
    // link → its Typography → the label's box → the bar's line, whose last paragraph is the count
    .locator('xpath=../../..')
    .locator('xpath=./p');
  return Number(await bar.textContent());
}

/** "(N applied" in the events freshness line. */
async function appliedLastHour(freshness: Locator): Promise<number> {
  const line = (await freshness.textContent()) ?? '';
  const match = /\((\d+) applied/.exec(line);
  expect(match, `events line: ${line}`).not.toBeNull();
  return Number(match![1]);
}

/** The notifications page's rows about the table (the user's search for its name). */
async function searchNotifications(page: Page) {
  const search = page.getByPlaceholder(/search|filter/i).first();
  await search.fill(TABLE);
  return page.getByRole('row').filter({ hasText: `${TABLE}:` });
}

test.describe('AWS events', () => {
  test.setTimeout(300_000);

  let keyDisabled = false;
  // Whatever happens in the test, the key is enabled again, so the sandbox is left as it was found.
  test.afterAll(async () => {
    if (keyDisabled) await keyMove('enable-key');
  });

  test('a disabled key reaches the open dashboard within 60 s and one notification, updated when enabled again', async ({
    page,
  }) => {
    await openFleet(page);
    const row = fleetRow(page);
    await expect(
      row.getByText('Customer managed', { exact: true }),
      'the demo key starts enabled',
    ).toBeVisible();
    const freshness = page.getByTestId('events-freshness');
    await expect(freshness).toContainText('Events:');
    const appliedBefore = await appliedLastHour(freshness);
    const criticalBefore = await criticalTables(page);
    // Set on this document: a reload or a navigation that loads the page again would lose it.
    await page.evaluate(() => {
      (window as any).__fleetEventsNoReload = true;
    });

    try {
      keyDisabled = true;
      expect(await keyMove('disable-key')).toContain(
        'its CloudTrail event DisableKey',
      );

      // The page stays open: the event's signal makes it read again.
      await expect(
        row.getByText('Customer managed (Disabled)', { exact: true }),
      ).toBeVisible({ timeout: 60_000 });
      await expect(
        row.getByText('Key disabled', { exact: true }),
      ).toBeVisible();
      expect(await criticalTables(page)).toBe(criticalBefore + 1);
      await expect(freshness).toContainText('last applied just now');
      expect(await appliedLastHour(freshness)).toBeGreaterThan(appliedBefore);
      // The row says the event read it; or, when a scan that started after the event finished meanwhile
      // (another test's, or the schedule's), that newer scan: a row is only replaced by a later read. The
      // events line above already shows the event applied.
      await row
        .getByText('Customer managed (Disabled)', { exact: true })
        .click();
      await expect(
        page.getByTestId(`fleet-row-details-${TABLE}`),
      ).toContainText(/updated by DisableKey|by a scan, just now/);
      expect(
        await page.evaluate(() => (window as any).__fleetEventsNoReload),
        'the dashboard was not reloaded',
      ).toBe(true);

      // One notification about the table, from the sidebar.
      await page.getByRole('link', { name: /Notifications/ }).click();
      await expect(page).toHaveURL(/\/notifications/);
      const notifications = await searchNotifications(page);
      await expect(
        notifications.filter({ hasText: DISABLED_TITLE }),
      ).toHaveCount(1, { timeout: 30_000 });
      await expect(notifications).toHaveCount(1);

      // Enabled again with the notifications page open: the same notification now says the findings cleared.
      expect(await keyMove('enable-key')).toContain(
        'its CloudTrail event EnableKey',
      );
      keyDisabled = false;
      await expect(
        notifications.filter({ hasText: CLEARED_TITLE }),
      ).toHaveCount(1, { timeout: 60_000 });
      await expect(notifications).toHaveCount(1);
      await expect(
        notifications.filter({ hasText: DISABLED_TITLE }),
      ).toHaveCount(0);

      // Not a second one among the read ones either.
      await page.getByRole('button', { name: /View/ }).click();
      await page.getByRole('option', { name: 'All', exact: true }).click();
      await expect(page.getByText(/^All notifications \(1\)$/)).toBeVisible();
      await expect(notifications).toHaveCount(1);
      await expect(
        notifications.filter({ hasText: CLEARED_TITLE }),
      ).toHaveCount(1);

      // Back on the dashboard, the table is as it was.
      await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
      await expect(
        fleetRow(page).getByText('Customer managed', { exact: true }),
      ).toBeVisible();
      expect(await criticalTables(page)).toBe(criticalBefore);
    } finally {
      if (keyDisabled) {
        await keyMove('enable-key');
        keyDisabled = false;
      }
    }
  });
});
