import { expect, Page, test } from '@playwright/test';

/** What the fleet table shows at every width: what the page sorts and filters by. */
const ALWAYS = ['Table', 'Key type', 'Most severe finding', 'USD / month'];
/** What only a wide screen has room for; the row's details show it otherwise. */
const WIDE_ONLY = ['Account', 'Region', 'Key', 'Rotation', 'Owner'];

/** Opens the fleet dashboard with a complete scan behind it (starting one if there is none yet). */
async function openFleet(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
  const status = page.getByTestId('scan-status');
  await expect(status).toBeVisible();
  if (!/Last scan (complete|partial)/.test((await status.textContent())!)) {
    await page.getByRole('button', { name: 'Scan now' }).click();
    await expect(async () => {
      await page.reload();
      await expect(status).toContainText(/Last scan (complete|partial)/, {
        timeout: 5_000,
      });
    }).toPass({ timeout: 120_000 });
  }
  await expect(page.getByRole('link', { name: 'legacy-ledger' })).toBeVisible();
}

const header = (page: Page, title: string) =>
  page.getByRole('columnheader', { name: title, exact: true });

/** The header's right edge is on screen: the column is seen without scrolling sideways. */
async function expectOnScreen(page: Page, title: string, width: number) {
  const box = await header(page, title).boundingBox();
  expect(box, `${title} has a header`).not.toBeNull();
  expect(box!.x, `${title} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${title} ends on screen`).toBeLessThanOrEqual(
    width,
  );
}

/** Nothing to scroll sideways: neither the page nor the table's own scroll box. */
async function expectNoSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth <= window.innerWidth,
    ),
  ).toBe(true);
  const overflow = await page
    .locator('#fleet-tables table')
    .first()
    .evaluate(table => {
      let box: HTMLElement | null = table.parentElement;
      while (box && box.scrollWidth <= box.clientWidth) box = box.parentElement;
      return box && box.id !== 'root' ? box.scrollWidth - box.clientWidth : 0;
    });
  expect(overflow).toBe(0);
}

test.describe('Fleet table columns', () => {
  test('at 1,440 px: table, key type, most severe finding and cost on screen; the rest in the row', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openFleet(page);
    for (const title of ALWAYS) await expectOnScreen(page, title, 1440);
    for (const title of WIDE_ONLY)
      await expect(header(page, title)).toHaveCount(0);
    await expectNoSidewaysScroll(page);

    // The columns left out are one click away, in the row's details.
    await page
      .locator('tr', { has: page.getByRole('link', { name: 'legacy-ledger' }) })
      .locator('td')
      .last()
      .click();
    const details = page.getByTestId('fleet-row-details-legacy-ledger');
    await expect(details).toBeVisible();
    for (const fact of WIDE_ONLY)
      await expect(details.getByText(fact, { exact: true })).toBeVisible();
  });

  test('at 1,920 px: every column, the four that matter still on screen', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openFleet(page);
    for (const title of ALWAYS) await expectOnScreen(page, title, 1920);
    for (const title of WIDE_ONLY) await expectOnScreen(page, title, 1920);
    await expectNoSidewaysScroll(page);
  });
});
