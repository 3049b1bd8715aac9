import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The demo tables the payments team owns, as the demo fleet declares them. */
const PAYMENTS_TABLES: string[] = (
  parse(
    readFileSync(
      resolve(__dirname, '../../../sandbox/demo-fleet.yaml'),
      'utf8',
    ),
  ).tables as { name: string; owner?: string }[]
)
  .filter(t => t.owner === 'group:default/payments-team')
  .map(t => t.name);

/** The fleet's "Tables" figure, the whole fleet or the reader's part of it. */
async function tablesFigure(page: Page): Promise<number> {
  const card = page.getByText('Tables', { exact: true }).first().locator('..');
  return Number((await card.textContent())!.replace(/\D+/g, ''));
}

/** Opens the fleet dashboard from the sidebar and waits for a finished scan's figures. */
async function openFleet(page: Page) {
  await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
  await expect(page.getByTestId('scan-status')).toContainText(
    /Last scan (complete|partial)/,
    { timeout: 120_000 },
  );
}

test.describe('Owner-scoped fleet views', () => {
  test('a payments engineer sees the payments team’s tables only, and is told a filter applies', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    expect(PAYMENTS_TABLES.length).toBeGreaterThan(1);
    await page.setViewportSize({ width: 1920, height: 1000 });

    // The platform team's guest first: the whole fleet, no notice, and a scan to read.
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    // scripts/e2e.sh starts the tests once a scan completed.
    await openFleet(page);
    await expect(page.getByTestId('fleet-scope')).toHaveCount(0);
    const whole = await tablesFigure(page);

    // Signed out, then in as the second identity, as a user switches.
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByTestId('user-settings-menu').click();
    await page.getByTestId('sign-out').click();
    await page
      .getByRole('button', { name: 'Sign in as payments engineer' })
      .click();
    await openFleet(page);

    await expect(page.getByTestId('fleet-scope')).toContainText(
      'not the whole fleet',
    );
    const mine = await tablesFigure(page);
    expect(mine).toBeGreaterThanOrEqual(PAYMENTS_TABLES.length);
    expect(mine).toBeLessThan(whole);
    // Every row is the payments team's (the Owner column, on a wide screen), and every demo table it owns
    // is there.
    const table = page.locator('#fleet-tables');
    await expect(
      table.getByRole('link', { name: PAYMENTS_TABLES[0] }),
    ).toBeVisible();
    for (const name of PAYMENTS_TABLES)
      await expect(
        table.getByRole('link', { name, exact: true }),
      ).toBeVisible();
    const ownerColumn = await table.getByRole('columnheader').allTextContents();
    const ownerIndex = ownerColumn.findIndex(h => h.trim() === 'Owner');
    expect(ownerIndex).toBeGreaterThanOrEqual(0);
    const rows = table
      .locator('tbody tr')
      .filter({ has: page.getByRole('link') });
    const owners = await rows.evaluateAll(
      (trs, i) => trs.map(tr => tr.children[i]?.textContent ?? ''),
      ownerIndex,
    );
    expect(owners.length).toBe(mine);
    for (const owner of owners) expect(owner).toMatch(/payments-team/);
  });
});
