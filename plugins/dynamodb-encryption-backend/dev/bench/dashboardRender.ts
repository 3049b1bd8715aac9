/* eslint-disable no-console */
/**
 * Benchmark: first render of the fleet dashboard with the demo fleet's scan and with a 10,000-table scan, in one
 * run against one portal (started by `scripts/bench-dashboard.sh`). Prints both times and their ratio.
 */
import { FleetStore } from '../../src/store/fleetStore';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import knexFactory from 'knex';
import { chromium } from 'playwright-core';

const BASE = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3100';
const DB = process.env.FLEET_SQLITE_FILE!;
const ROWS = Number(process.env.ROWS ?? 10_000);

async function firstRender(): Promise<{ ms: number; title: string }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(BASE);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'Catalog' }).first().waitFor();
    // Warm the page's code once, so both measurements compare rendering, not bundle loading.
    await page.goto(`${BASE}/dynamodb-encryption`);
    await page.getByText(/^Tables \(\d+\)$/).waitFor({ timeout: 60_000 });
    const times: number[] = [];
    let title = '';
    for (let i = 0; i < 3; i++) {
      await page.goto(`${BASE}/catalog`);
      const start = Date.now();
      await page.getByRole('link', { name: 'DynamoDB encryption' }).click();
      const heading = page.getByText(/^Tables \(\d+\)$/);
      await heading.waitFor({ timeout: 60_000 });
      await page.locator('tbody tr').first().waitFor();
      times.push(Date.now() - start);
      title = (await heading.textContent()) ?? '';
    }
    return { ms: times.sort((a, b) => a - b)[1], title };
  } finally {
    await browser.close();
  }
}

async function main() {
  const small = await firstRender();
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: DB },
    useNullAsDefault: true,
  });
  const store = await FleetStore.create(
    { getClient: async () => knex, migrations: { skip: true } } as any,
    { retainScans: 30 },
  );
  const scanId = await store.startScan();
  const rows: FleetRow[] = Array.from({ length: ROWS }, (_, i) => ({
    table: {
      arn: `arn:aws:dynamodb:us-east-1:555555555555:table/load-${i}`,
      name: `load-${String(i).padStart(5, '0')}`,
      accountId: '555555555555',
      region: i % 2 ? 'us-east-1' : 'eu-west-1',
    },
    encryption:
      i % 3
        ? {
            keyType: 'CUSTOMER_MANAGED',
            kmsKeyArn: `arn:aws:kms:us-east-1:555555555555:key/${String(
              i % 20,
            ).padStart(8, '0')}-0000-0000-0000-000000000000`,
            aliases: [`alias/load-${i % 20}`],
            keyState: 'Enabled',
            rotation: { enabled: i % 2 === 0 },
          }
        : { keyType: 'AWS_OWNED', aliases: [] },
    cost: { monthlyUsd: i % 3 ? 0.08 : 0, breakdown: [], assumptions: {} },
    findings:
      i % 7
        ? []
        : [
            {
              id: 'compliance-key-rotation',
              severity: 'medium',
              title: 'The key rotates automatically: not met',
            },
          ],
    owner: `group:default/team-${i % 12}`,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await store.addRows(scanId, rows.slice(i, i + 1000));
  await store.progress(scanId, { total: ROWS, done: ROWS });
  await store.finishScan(scanId, 'complete', []);
  await knex.destroy();
  const large = await firstRender();
  console.log(
    `dashboard first render (median of 3): ${small.title} ${small.ms} ms; ${large.title} ${large.ms} ms`,
  );
  console.log(
    `ratio ${ROWS} rows / demo fleet: ${(large.ms / small.ms).toFixed(2)}`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
