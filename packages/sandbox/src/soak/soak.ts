/**
 * The soak check: watches a running sandbox portal for a given time and, after each fleet scan it sees
 * finish, checks that the scan read every table, that the discovered-table entities hold, and that a
 * table's report and the key picker still answer. Every lifetime in play is crossed on the way: the role
 * sessions (an hour in the sandbox), the guest token (an hour), the caches and the schedules.
 *
 *   node … soak.ts   (SOAK_BACKEND_URL, SOAK_MINUTES; scripts/soak.sh starts the portal and runs it)
 *
 * Prints one line per scan and a summary; exits non-zero when any check failed.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { ConfigReader } from '@backstage/config';
import { DISCOVERED_TABLE_ANNOTATION } from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';

const backend = process.env.SOAK_BACKEND_URL ?? 'http://localhost:7207';
const minutes = Number(process.env.SOAK_MINUTES ?? 120);
/** A demo table with a customer managed key, and the account-region of the key picker's check. */
const REPORT_ENTITY =
  process.env.SOAK_REPORT_ENTITY ?? 'default/resource/orders';
const PICKER = { accountId: '111111111111', region: 'us-east-1' };

interface Check {
  at: string;
  minute: number;
  scanId: number;
  status: string;
  tables: number;
  staleTables: number;
  discovered: number;
  report: string;
  keys: string;
  failures: string[];
}

let token: { value: string; until: number } | undefined;

/** A guest token, fetched again before it expires (it lives an hour, as a user's does). */
async function bearer(): Promise<string> {
  if (!token || Date.now() > token.until) {
    const res = await fetch(`${backend}/api/auth/guest/refresh`);
    if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
    const body = (await res.json()) as {
      backstageIdentity: { token: string; expiresInSeconds?: number };
    };
    const lifetime = (body.backstageIdentity.expiresInSeconds ?? 3600) * 1000;
    token = {
      value: body.backstageIdentity.token,
      until: Date.now() + lifetime / 2,
    };
  }
  return token.value;
}

async function get<T>(path: string): Promise<{ status: number; body?: T }> {
  const res = await fetch(`${backend}${path}`, {
    headers: { Authorization: `Bearer ${await bearer()}` },
  });
  const text = await res.text();
  return { status: res.status, body: res.ok ? JSON.parse(text) : undefined };
}

async function discoveredEntities(): Promise<number> {
  const filter = `kind=resource,metadata.annotations.${DISCOVERED_TABLE_ANNOTATION}=true`;
  const { status, body } = await get<{ totalItems: number }>(
    `/api/catalog/entities/by-query?limit=1&filter=${encodeURIComponent(
      filter,
    )}`,
  );
  if (status !== 200) throw new Error(`catalog query: HTTP ${status}`);
  return body!.totalItems;
}

/**
 * Tables nobody declared (the demo fleet declares all of its own), two per account and region, so the soak
 * watches discovered entities too. Created once; a second run finds them.
 */
async function createUndeclaredTables(endpoint: string) {
  const clients = createAwsClientFactory(
    new ConfigReader(sandboxAwsConfig(endpoint)),
  );
  for (const accountId of ['111111111111', '222222222222'])
    for (const region of ['us-east-1', 'eu-west-1'])
      for (const n of [1, 2]) {
        const dynamodb = await clients.dynamodb({ accountId, region });
        await dynamodb
          .send(
            new CreateTableCommand({
              TableName: `soak-undeclared-${n}`,
              AttributeDefinitions: [
                { AttributeName: 'pk', AttributeType: 'S' },
              ],
              KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
              BillingMode: 'PAY_PER_REQUEST',
              Tags: [{ Key: 'owner', Value: 'group:default/platform-team' }],
            }),
          )
          .catch(e => {
            if (e.name !== 'ResourceInUseException') throw e;
          });
      }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function main() {
  const started = Date.now();
  const until = started + minutes * 60_000;
  const checks: Check[] = [];
  let lastScan = 0;
  let baseline: { tables: number; discovered: number } | undefined;
  if (process.env.SANDBOX_ENDPOINT)
    await createUndeclaredTables(process.env.SANDBOX_ENDPOINT);
  // Only scans that started once the fleet was complete count.
  const fleetReady = Date.now();
  console.log(`soak: ${backend} for ${minutes} minutes`);
  while (Date.now() < until) {
    const latest = await get<{ id: number; status: string; startedAt: string }>(
      '/api/dynamodb-encryption/fleet/scans/latest',
    ).catch(() => ({ status: 0, body: undefined }));
    const scan = latest.body;
    if (
      !scan?.id ||
      scan.id === lastScan ||
      scan.status === 'running' ||
      Date.parse(scan.startedAt) < fleetReady
    ) {
      await sleep(5_000);
      continue;
    }
    lastScan = scan.id;
    // The discovered-table provider runs every 30 s: give it one run after the scan.
    await sleep(40_000);
    const failures: string[] = [];
    const summary = await get<{ tables: number; staleTables?: number }>(
      '/api/dynamodb-encryption/fleet/summary',
    );
    const tables = summary.body?.tables ?? 0;
    const staleTables = summary.body?.staleTables ?? 0;
    const discovered = await discoveredEntities().catch(e => {
      failures.push(String(e));
      return 0;
    });
    const report = await get<{ encryption: { keyType: string } }>(
      `/api/dynamodb-encryption/entities/${REPORT_ENTITY}/encryption`,
    );
    const keys = await get<{ items?: unknown[] } | unknown[]>(
      `/api/dynamodb-encryption/kms-keys?accountId=${PICKER.accountId}&region=${PICKER.region}`,
    );
    const keyCount = Array.isArray(keys.body)
      ? keys.body.length
      : keys.body?.items?.length ?? 0;
    if (scan.status !== 'complete')
      failures.push(`scan ${scan.id} is ${scan.status}`);
    if (staleTables) failures.push(`${staleTables} stale tables`);
    if (report.status !== 200) failures.push(`report: HTTP ${report.status}`);
    if (keys.status !== 200 || !keyCount)
      failures.push(`key picker: HTTP ${keys.status}, ${keyCount} keys`);
    baseline ??= { tables, discovered };
    if (!tables || tables < baseline.tables)
      failures.push(`tables ${tables} < ${baseline.tables}`);
    if (discovered < baseline.discovered)
      failures.push(`discovered ${discovered} < ${baseline.discovered}`);
    const check: Check = {
      at: new Date().toISOString(),
      minute: Math.round((Date.now() - started) / 60_000),
      scanId: scan.id,
      status: scan.status,
      tables,
      staleTables,
      discovered,
      report: report.body?.encryption.keyType ?? `HTTP ${report.status}`,
      keys: `${keyCount} keys`,
      failures,
    };
    checks.push(check);
    console.log(JSON.stringify(check));
  }
  const failed = checks.filter(c => c.failures.length);
  const minTables = Math.min(...checks.map(c => c.tables));
  const minDiscovered = Math.min(...checks.map(c => c.discovered));
  console.log(
    `soak summary: ${Math.round((Date.now() - started) / 60_000)} minutes, ${
      checks.length
    } scans checked, tables read by each: ${minTables}–${Math.max(
      ...checks.map(c => c.tables),
    )}, discovered entities at the end: ${
      checks[checks.length - 1]?.discovered
    } (never below ${minDiscovered}), checks failed: ${failed.length}`,
  );
  if (!checks.length || failed.length) process.exit(1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
