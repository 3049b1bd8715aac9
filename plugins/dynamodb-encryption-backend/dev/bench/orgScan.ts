/* eslint-disable no-console, @backstage/no-undeclared-imports -- a benchmark, run from the source tree with dev dependencies */
/**
 * Benchmark at estate scale, through the production path: an AWS Organization on the sandbox, every account
 * reached by assuming a role, scanned by the product's scanner and by a naive per-table reader.
 *
 *   yarn workspace @dynamodb-encryption/backstage-plugin-backend bench:org [accounts=50] [tablesPerRegion=200] [keysPerAccount=40]
 *
 * Two regions per account. AWS requests are counted outside the code under test, by moto's request
 * recorder, and compared with the physical floor: ListAccounts once, one AssumeRole per account, and per
 * account-region the ListTables and GetResources pages (100 tables each), one DescribeTable per table, one
 * ListAliases, and per key in use DescribeKey (+ GetKeyRotationStatus, GetKeyPolicy and ListGrants for
 * customer managed keys). Prints time against a naive reader (the product's per-table report reader applied to each
 * table: the same facts, nothing shared), CPU used by this process and by the sandbox, peak RSS while the
 * scanner runs, and the p95 of the dashboard's summary and first page read from the store afterwards.
 */
import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  SANDBOX_ROLE_NAME,
} from '@dynamodb-encryption/backstage-plugin-node';
import knexFactory from 'knex';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleetScanner } from '../../src/scan/fleetScanner';
import { FleetStore } from '../../src/store/fleetStore';
import { freePort, motoRecorder, startMoto } from '../../src/testing/moto';
import {
  memorySampler,
  p95,
  processCpuSeconds,
  profileClients,
  profileStore,
  quiet,
} from './measure';
import { naiveScan } from './naiveReader';
import { seedOrganization } from './orgSeed';

const ACCOUNTS = Number(process.argv[2] ?? 50);
const PER_REGION = Number(process.argv[3] ?? 200);
const KEYS = Number(process.argv[4] ?? 40);
const REGIONS = ['us-east-1', 'eu-west-1'];
const TABLE_CONCURRENCY = 8;
const ACCOUNT_CONCURRENCY = 4;

const memory = memorySampler();

/**
 * The fewest requests any reader of the same facts needs (see the file comment): ListAccounts, one
 * AssumeRole per listed account (members and the management account), the members' regions in full, and
 * for the management account (no tables) one ListTables and one GetResources per region.
 */
function physicalFloor(members: number) {
  const pages = Math.ceil(PER_REGION / 100);
  // The customer managed keys the seeded tables of a region name (see seed: tables i % 10 >= 2).
  const perRegionKeys = KEYS / REGIONS.length;
  const keysUsed = new Set(
    Array.from({ length: PER_REGION }, (_, i) => i)
      .filter(i => i % 10 >= 2)
      .map(i => i % perRegionKeys),
  ).size;
  // ListTables and GetResources pages, DescribeTable each, ListAliases, 4 calls per CMK (DescribeKey,
  // GetKeyRotationStatus, GetKeyPolicy, ListGrants: one page each in the sandbox), the AWS managed key.
  const perRegion = 2 * pages + PER_REGION + 1 + 4 * keysUsed + 1;
  const management = 2 * REGIONS.length;
  return 1 + (members + 1) + members * REGIONS.length * perRegion + management;
}

async function main() {
  const port = await freePort();
  const moto = await startMoto(port);
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    const tables = ACCOUNTS * REGIONS.length * PER_REGION;
    console.log(
      `Seeding an organization: ${ACCOUNTS} accounts x ${REGIONS.length} regions x ${PER_REGION} tables = ${tables} tables, ${KEYS} keys per account...`,
    );
    let t0 = Date.now();
    const accounts = await seedOrganization(
      endpoint,
      port,
      {
        accounts: ACCOUNTS,
        regions: REGIONS,
        perRegion: PER_REGION,
        keys: KEYS,
      },
      TABLE_CONCURRENCY,
    );
    console.log(`Seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // The organization config of docs/production.md: the scanner's target names the role, and the per-table report
    // (the naive reader here) reaches any account through the same role in aws.accountDefaults.
    const production = new ConfigReader({
      dynamodbEncryption: { awsEndpoint: endpoint },
      aws: {
        mainAccount: { accessKeyId: 'bench', secretAccessKey: 'bench' },
        accountDefaults: { roleName: SANDBOX_ROLE_NAME },
      },
    });
    const target = {
      organization: {
        roleName: SANDBOX_ROLE_NAME,
        regions: REGIONS,
        excludeAccounts: [] as string[],
      },
    };
    const knex = knexFactory({
      client: 'better-sqlite3',
      // A file, as a deployed store is, so the process's memory is the scanner's and not the database's.
      connection: {
        filename: join(
          mkdtempSync(join(tmpdir(), 'bench-org-')),
          'store.sqlite',
        ),
      },
      useNullAsDefault: true,
    });
    const store = await FleetStore.create(
      { getClient: async () => knex } as any,
      { retainScans: 2 },
    );
    const { storeMs, assessStart } = profileStore(store);
    const scanClients = createAwsClientFactory(production);
    const awsMs = process.env.BENCH_PROFILE ? profileClients(scanClients) : {};
    const scanner = createFleetScanner({
      clients: scanClients,
      store,
      catalog: { getEntities: async () => ({ items: [] }) } as any,
      auth: { getOwnServiceCredentials: async () => ({}) } as any,
      logger: quiet,
      targets: [target],
      policies: [],
      concurrency: TABLE_CONCURRENCY,
      accountConcurrency: ACCOUNT_CONCURRENCY,
    });
    const recorder = motoRecorder(port);
    if (!process.env.BENCH_NO_RECORDER) await recorder.start();
    global.gc?.();
    memory.peak.rss = process.memoryUsage().rss;
    memory.peak.heap = process.memoryUsage().heapUsed;
    const rssBefore = memory.peak.rss;
    const heapBefore = memory.peak.heap;
    t0 = Date.now();
    let cpu = process.cpuUsage();
    let motoCpu = processCpuSeconds(moto.pid!);
    await scanner.scan();
    const scanMotoCpu = processCpuSeconds(moto.pid!) - motoCpu;
    const scanMs = Date.now() - t0;
    const scanCpu = process.cpuUsage(cpu);
    if (process.env.BENCH_PROFILE)
      console.log(
        'store ms',
        storeMs,
        awsMs,
        `assessment step ${((performance.now() - assessStart()) / 1000).toFixed(
          1,
        )} s`,
      );
    const scanPeak = memory.peak.rss;
    const scanPeakHeap = memory.peak.heap;
    const recorded = process.env.BENCH_NO_RECORDER ? [] : await recorder.stop();
    const status = (await store.latestScan())!;
    if (status.status !== 'complete' || status.progress.done !== tables)
      throw new Error(`scan ${JSON.stringify(status)}`);
    const byAction = new Map<string, number>();
    for (const r of recorded)
      byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
    const floor = physicalFloor(accounts.length);

    // The naive reader under the same recorder (its overhead is on both sides) and the same limits.
    let naiveMs = 0;
    let naiveRequests = 0;
    let naiveCpu = { user: 0, system: 0 };
    let naiveMotoCpu = 0;
    if (!process.env.BENCH_SKIP_NAIVE) {
      if (!process.env.BENCH_NO_RECORDER) await recorder.start();
      t0 = Date.now();
      cpu = process.cpuUsage();
      motoCpu = processCpuSeconds(moto.pid!);
      const naive = await naiveScan(createAwsClientFactory(production), {
        accounts: [...accounts],
        regions: REGIONS,
        tableConcurrency: TABLE_CONCURRENCY,
        accountConcurrency: ACCOUNT_CONCURRENCY,
      });
      naiveMs = Date.now() - t0;
      naiveCpu = process.cpuUsage(cpu);
      naiveMotoCpu = processCpuSeconds(moto.pid!) - motoCpu;
      naiveRequests = process.env.BENCH_NO_RECORDER
        ? naive.requests
        : (await recorder.stop()).length;
    }

    const summaryMs: number[] = [];
    const pageMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      let s = performance.now();
      await store.summary();
      summaryMs.push(performance.now() - s);
      s = performance.now();
      await store.listTables({ limit: 100 });
      pageMs.push(performance.now() - s);
    }

    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
    console.log(
      `tables=${tables} accounts=${ACCOUNTS} (+ management) regions=${REGIONS.length} keys/account=${KEYS}`,
    );
    console.log(
      `scanner: ${
        recorded.length
      } AWS requests recorded by moto (floor ${floor}: ratio ${(
        recorded.length / floor
      ).toFixed(4)}), ${(scanMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `  by action: ${[...byAction]
        .sort((a, b) => b[1] - a[1])
        .map(([a, n]) => `${a}=${n}`)
        .join(' ')}`,
    );
    console.log(
      `  x-moto-account-id headers: ${
        recorded.filter(r => r.accountHeader).length
      }`,
    );
    const cpuS = (c: { user: number; system: number }) =>
      `${((c.user + c.system) / 1e6).toFixed(1)} s`;
    console.log(
      `  CPU: scanner ${cpuS(scanCpu)} in this process, ${scanMotoCpu.toFixed(
        1,
      )} s in the sandbox${
        naiveMs
          ? `; naive ${cpuS(naiveCpu)} in this process, ${naiveMotoCpu.toFixed(
              1,
            )} s in the sandbox`
          : ''
      }`,
    );
    if (naiveMs) {
      console.log(
        `naive:   ${naiveRequests} AWS requests, ${(naiveMs / 1000).toFixed(
          1,
        )} s; time naive/scanner ${(naiveMs / scanMs).toFixed(2)}x`,
      );
    }
    console.log(
      `peak while the scanner ran: RSS ${mib(scanPeak)} (before: ${mib(
        rssBefore,
      )}), ${memory.liveHeap ? 'live ' : ''}JavaScript heap ${mib(
        scanPeakHeap,
      )} (before: ${mib(heapBefore)})`,
    );
    console.log(
      `dashboard from the store (SQLite file), p95 of 30: summary ${p95(
        summaryMs,
      ).toFixed(1)} ms, first page ${p95(pageMs).toFixed(1)} ms`,
    );
    await knex.destroy();
  } finally {
    moto.kill();
    memory.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
