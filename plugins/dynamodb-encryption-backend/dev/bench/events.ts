/* eslint-disable no-console, @backstage/no-undeclared-imports -- a benchmark, run from the source tree with dev dependencies */
/**
 * AWS events at estate scale: how long a burst takes to reach the rows, and what it asks of AWS.
 *
 *   yarn workspace @dynamodb-encryption/backstage-plugin-backend bench:events [accounts=50] [tablesPerRegion=195] [keysPerAccount=40] [events=1000]
 *
 * Seeds the organization of bench:org (`accounts` × 2 regions × `tablesPerRegion` tables) and, in the first
 * account's first region, one customer managed key protecting `events / 2` more tables; scans it all once
 * into a SQLite file. Then the burst, done on AWS and put on an SQS queue of the same moto as CloudTrail's
 * envelopes, in a shuffled order: for the shared key a grant storm and its DisableKey (`events / 2`), and a
 * TagResource on `events / 2` other tables spread over every account and region. The product's consumer
 * (`start()`, the default long poll, a 2 s batch window unless `BENCH_BATCH_WINDOW_MS` says otherwise; the
 * product's default is 10 s) applies
 * them. Prints the time from the first message sent to the last row applied, the AWS reads the applier made
 * against the floor and against the scan's requests, memory (start, peak, end) and the load average at start
 * and end. `BENCH_NO_RECORDER=1` leaves moto's request recorder off (no count by action).
 */
import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
  SANDBOX_ROLE_NAME,
} from '@dynamodb-encryption/backstage-plugin-node';
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFleetScanner } from '../../src/scan/fleetScanner';
import { FleetStore } from '../../src/store/fleetStore';
import {
  freePort,
  motoCall,
  motoRecorder,
  startMoto,
} from '../../src/testing/moto';
import { eventsFloor, shuffled } from './eventsMeasure';
import { load, runBurst } from './eventsRun';
import { keyBurst, seedSharedKey, spreadTables, tagBurst } from './eventsSeed';
import { quiet } from './measure';
import { seedOrganization } from './orgSeed';

const ACCOUNTS = Number(process.argv[2] ?? 50);
const PER_REGION = Number(process.argv[3] ?? 195);
const KEYS = Number(process.argv[4] ?? 40);
const EVENTS = Number(process.argv[5] ?? 1000);
const REGIONS = ['us-east-1', 'eu-west-1'];
const CONCURRENCY = 8;
const BATCH_WINDOW_MS = Number(process.env.BENCH_BATCH_WINDOW_MS ?? 2000);
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  console.log(`load average at start: ${load()}`);
  const port = await freePort();
  const moto = await startMoto(port);
  // A file, as a deployed store is (about 200 MB at 20,000 tables), removed at the end.
  const storeDir = mkdtempSync(join(tmpdir(), 'bench-events-'));
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    const half = Math.floor(EVENTS / 2);
    const tables = ACCOUNTS * REGIONS.length * PER_REGION + half;
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
      CONCURRENCY,
    );
    // The seed's way in (any account through the sandbox's role), for what the benchmark does on AWS itself.
    const seedClients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const shared = await seedSharedKey(
      seedClients,
      { accountId: accounts[0], region: REGIONS[0] },
      half,
      CONCURRENCY,
    );
    console.log(`seeded ${tables} tables in ${seconds(Date.now() - t0)}`);

    // As bench:org: the organization config of docs/production.md, one SQLite file.
    const production = new ConfigReader({
      dynamodbEncryption: { awsEndpoint: endpoint },
      aws: {
        mainAccount: { accessKeyId: 'bench', secretAccessKey: 'bench' },
        accountDefaults: { roleName: SANDBOX_ROLE_NAME },
      },
    });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: {
        filename: join(storeDir, 'store.sqlite'),
      },
      useNullAsDefault: true,
    });
    const store = await FleetStore.create(
      { getClient: async () => knex } as any,
      {
        retainScans: 2,
      },
    );
    const catalog = { getEntities: async () => ({ items: [] }) } as any;
    const auth = { getOwnServiceCredentials: async () => ({}) } as any;
    const scanClients = createAwsClientFactory(production);
    const scanner = createFleetScanner({
      clients: scanClients,
      store,
      catalog,
      auth,
      logger: quiet,
      policies: [],
      targets: [
        {
          organization: {
            roleName: SANDBOX_ROLE_NAME,
            regions: REGIONS,
            excludeAccounts: [],
          },
        },
      ],
      concurrency: CONCURRENCY,
    });
    t0 = Date.now();
    // The scanner counts its own requests (countRequestsOf inside), so here the factory's total.
    await scanner.scan();
    const scanRequests = scanClients.requestCount();
    const scanMs = Date.now() - t0;
    const scan = (await store.latestScan())!;
    if (scan.status !== 'complete' || scan.progress.done !== tables)
      throw new Error(`scan ${JSON.stringify(scan)}`);
    console.log(
      `full scan: ${scanRequests} AWS requests (its own count ${
        scan.awsRequests
      }), ${seconds(scanMs)}`,
    );

    // The burst, on AWS first (as CloudTrail records calls that happened), then on the queue.
    const named = spreadTables(accounts, REGIONS, PER_REGION, EVENTS - half);
    const sharedArns = shared.tables.map(t => t.arn);
    const [keyRowsBefore, namedRowsBefore] = [
      await store.latestRows(sharedArns),
      await store.latestRows(named.map(t => t.arn)),
    ];
    if (
      keyRowsBefore.some(r => r?.encryption.keyState !== 'Enabled') ||
      namedRowsBefore.some(r => !r)
    )
      throw new Error('the scan did not see the tables the events touch');
    const floor = eventsFloor({
      keyTables: keyRowsBefore.map(r => r!),
      namedTables: namedRowsBefore.map(r => r!),
    });
    const bodies = shuffled([
      ...(await keyBurst(seedClients, shared, half)),
      ...(await tagBurst(seedClients, named, CONCURRENCY)),
    ]);

    const { Organization } = JSON.parse(
      await motoCall(port, 'organizations', 'DescribeOrganization', {}),
    );
    const queueAt = {
      accountId: Organization.MasterAccountId,
      region: REGIONS[0],
    };
    const recorder = motoRecorder(port);
    if (!process.env.BENCH_NO_RECORDER) await recorder.start();
    const run = await runBurst({
      store,
      production,
      // The benchmark's own client sends, as EventBridge would: not counted as the consumer's.
      sender: await seedClients.sqs(queueAt),
      queueAt,
      bodies,
      concurrency: CONCURRENCY,
      batchWindowMs: BATCH_WINDOW_MS,
      motoPid: moto.pid!,
    });
    const recorded = process.env.BENCH_NO_RECORDER ? [] : await recorder.stop();

    // The rows really changed, and the queue is empty.
    const keyRows = await store.latestRows(sharedArns);
    const namedRows = await store.latestRows(named.map(t => t.arn));
    const disabled = keyRows.filter(
      r => r?.encryption.keyState === 'Disabled',
    ).length;
    const retagged = namedRows.filter(
      (r, i) =>
        r?.awsTags?.['bench-event'] === String(i) &&
        r.owner === 'group:default/team-events',
    ).length;
    const status = await store.eventLog.status({
      url: run.queueUrl,
      region: queueAt.region,
    });
    const byAction = new Map<string, number>();
    for (const r of recorded)
      byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
    const { profile, memory } = run;
    const ratio = (a: number, b: number) => (a / b).toFixed(3);
    console.log(
      [
        `tables=${tables} (${ACCOUNTS} accounts x ${REGIONS.length} regions x ${PER_REGION}, + ${half} on the shared key) keys/account=${KEYS} events=${bodies.length} (${half} for the shared key, ${named.length} TagResource) batchWindowMs=${BATCH_WINDOW_MS}`,
        `rows: ${disabled}/${half} on the key Disabled, ${retagged}/${named.length} with their new tags; ${status.lastHour.applied} events applied; ${run.left} left on the queue`,
        `time from the first message sent to the last row applied: ${seconds(
          run.ms,
        )} (sending took ${seconds(run.sendMs)}); full scan ${seconds(
          scanMs,
        )}; ratio ${ratio(run.ms, scanMs)}`,
        `applier AWS reads: ${run.reads}; floor ${floor.total} (${
          floor.tables
        } DescribeTable, ${floor.tags} ListTagsOfResource, ${
          floor.keyReads
        } for ${floor.keys} keys): ratio ${ratio(
          run.reads,
          floor.total,
        )}; full scan ${scanRequests}: ratio ${ratio(run.reads, scanRequests)}`,
        `consumer SQS requests: ${run.sqsRequests}`,
        `  recorded by moto: ${[...byAction]
          .sort((a, b) => b[1] - a[1])
          .map(([a, n]) => `${a}=${n}`)
          .join(' ')}`,
        `memory: RSS ${mib(memory.start.rss)} start, ${mib(
          memory.peak.rss,
        )} peak, ${mib(memory.end.rss)} end; heap ${mib(
          memory.start.heapUsed,
        )} start (after a full collection), ${mib(
          memory.peak.heap,
        )} peak, ${mib(memory.end.heapUsed)} end (${mib(
          memory.endLive.heapUsed,
        )} after a full collection)`,
        `load average: ${run.load.start} at the first message, ${run.load.end} at the last row applied`,
        `CPU from the first message to the last row: this process ${run.cpu.self.toFixed(
          1,
        )} s, the sandbox ${run.cpu.moto.toFixed(
          1,
        )} s, every other process ${run.cpu.others.toFixed(1)} s`,
        `batches (messages/tables/ms): ${profile.batches
          .map(b => `${b.changes}/${b.tables}/${b.ms.toFixed(0)}`)
          .join(' ')}; after-events effects ${run.effectsMs.toFixed(0)} ms, ${
          run.notifications
        } notifications`,
        `  store calls: ${Object.entries(profile.ms)
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([m, v]) => `${m} ${v.ms.toFixed(0)} ms/${v.calls}`)
          .join(', ')}`,
      ].join('\n'),
    );
    await knex.destroy();
    if (disabled !== half || retagged !== named.length || run.left)
      throw new Error('the events did not all reach their rows');
  } finally {
    moto.kill();
    rmSync(storeDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
