/* eslint-disable no-console */
/**
 * Benchmark: the fleet scanner against a naive per-table reader, measured in one run on one sandbox.
 *
 *   yarn workspace @internal/plugin-dynamodb-encryption-backend bench:fleet [tables=5000] [keys=20]
 *
 * Seeds `tables` tables over 2 regions, spread across `keys` customer managed keys (and some AWS owned and AWS
 * managed tables), then scans them twice: with the product's scanner (ListTables, DescribeTable per table,
 * DescribeKey/GetKeyRotationStatus per key, ListAliases per region) and with a naive reader (DescribeTable,
 * DescribeKey, ListAliases and GetKeyRotationStatus for every table). Prints AWS requests per table, time and
 * their ratios, and the peak memory of the process.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@internal/plugin-dynamodb-encryption-node';
import { createFleetScanner } from '../../src/services/fleetScanner';
import { FleetStore } from '../../src/services/fleetStore';
import { sseSpecificationFor } from '@internal/plugin-dynamodb-encryption-common';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import knexFactory from 'knex';

const TABLES = Number(process.argv[2] ?? 5000);
const KEYS = Number(process.argv[3] ?? 20);
const REGIONS = ['us-east-1', 'eu-west-1'];
const ACCOUNT = '444444444444';
const CONCURRENCY = 8;

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function pool<T>(items: T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

let peakRss = 0;
const sampler = setInterval(
  () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
  100,
);

async function main() {
  const port = await freePort();
  const moto = spawn(
    process.env.MOTO_SERVER ?? 'moto_server',
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    for (
      let i = 0;
      !(await fetch(`${endpoint}/moto-api/`).then(
        () => true,
        () => false,
      ));
      i++
    ) {
      if (i > 100) throw new Error('moto did not start');
      await new Promise(r => setTimeout(r, 200));
    }
    let requests = 0;
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const counted = async <T extends { middlewareStack: any }>(c: T) => {
      c.middlewareStack.add(
        (next: any) => async (args: any) => {
          requests++;
          return next(args);
        },
        { step: 'initialize', name: 'countRequests', override: true },
      );
      return c;
    };

    console.log(
      `Seeding ${TABLES} tables, ${KEYS} keys, ${REGIONS.length} regions...`,
    );
    const seedStart = Date.now();
    const names: { region: string; name: string }[] = [];
    for (const region of REGIONS) {
      const kms = await clients.kms({ accountId: ACCOUNT, region });
      const keyArns: string[] = [];
      for (let k = 0; k < KEYS / REGIONS.length; k++) {
        const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
        await kms.send(
          new CreateAliasCommand({
            AliasName: `alias/bench-${region}-${k}`,
            TargetKeyId: key.KeyId,
          }),
        );
        if (k % 2 === 0)
          await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
        keyArns.push(key.Arn!);
      }
      const dynamodb = await clients.dynamodb({ accountId: ACCOUNT, region });
      const mine = Array.from(
        { length: TABLES / REGIONS.length },
        (_, i) => `bench-${String(i).padStart(5, '0')}`,
      );
      await pool(mine, async name => {
        const i = Number(name.slice(6));
        // One table in ten on the AWS owned key, one on the AWS managed key, the rest on the region's CMKs.
        const kinds = [undefined, sseSpecificationFor('AWS_MANAGED')] as const;
        const sse =
          i % 10 < kinds.length
            ? kinds[i % 10]
            : sseSpecificationFor(
                'CUSTOMER_MANAGED',
                keyArns[i % keyArns.length],
              );
        await dynamodb.send(
          new CreateTableCommand({
            TableName: name,
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
            SSESpecification: sse,
          }),
        );
      });
      names.push(...mine.map(name => ({ region, name })));
    }
    console.log(`Seeded in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    for (const region of REGIONS) {
      await counted(await clients.dynamodb({ accountId: ACCOUNT, region }));
      await counted(await clients.kms({ accountId: ACCOUNT, region }));
    }

    // The product's scanner, writing into an in-memory SQLite store.
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    const store = await FleetStore.create(
      { getClient: async () => knex } as any,
      { retainScans: 2 },
    );
    const scanner = createFleetScanner({
      clients,
      store,
      catalog: { getEntities: async () => ({ items: [] }) } as any,
      auth: { getOwnServiceCredentials: async () => ({}) } as any,
      logger: {
        info: () => {},
        warn: () => {},
        error: () => {},
        debug: () => {},
        child: () => ({}),
      } as any,
      targets: [{ accountId: ACCOUNT, regions: REGIONS }],
      policies: [],
      concurrency: CONCURRENCY,
    });
    requests = 0;
    peakRss = process.memoryUsage().rss;
    let t0 = Date.now();
    await scanner.scan();
    const scanMs = Date.now() - t0;
    const scanPeakRss = peakRss;
    const scanRequests = requests;
    const scanned = (await store.latestScan())!;
    if (scanned.status !== 'complete' || scanned.progress.done !== TABLES)
      throw new Error(`scan ${JSON.stringify(scanned)}`);

    // A naive reader: four calls for every table.
    requests = 0;
    t0 = Date.now();
    for (const region of REGIONS) {
      const dynamodb = await clients.dynamodb({ accountId: ACCOUNT, region });
      const kms = await clients.kms({ accountId: ACCOUNT, region });
      const listed: string[] = [];
      for (
        let start: string | undefined, first = true;
        first || start;
        first = false
      ) {
        const page = await dynamodb.send(
          new ListTablesCommand({ ExclusiveStartTableName: start, Limit: 100 }),
        );
        listed.push(...(page.TableNames ?? []));
        start = page.LastEvaluatedTableName;
      }
      await pool(listed, async name => {
        const t = (
          await dynamodb.send(new DescribeTableCommand({ TableName: name }))
        ).Table!;
        const ref = t.SSEDescription?.KMSMasterKeyArn ?? 'alias/aws/dynamodb';
        const key = (await kms.send(new DescribeKeyCommand({ KeyId: ref })))
          .KeyMetadata!;
        await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }));
        await kms
          .send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))
          .catch(() => undefined);
      });
    }
    const naiveMs = Date.now() - t0;
    const naiveRequests = requests;

    // The physical floor: what any reader must ask (ListTables pages and one DescribeTable per table), and
    // the scanner's fixed part: per region one ListAliases; per distinct key one DescribeKey, plus
    // GetKeyRotationStatus and GetKeyPolicy for a customer managed key (one AWS managed key per region).
    const perRegion = TABLES / REGIONS.length;
    const listPages = REGIONS.length * Math.max(1, Math.ceil(perRegion / 100));
    const floor = listPages + TABLES;
    const fixed = REGIONS.length * (1 + 1) + KEYS * 3;
    const perTable = scanRequests / TABLES;
    const naivePerTable = naiveRequests / TABLES;
    console.log(
      `tables=${TABLES} keys=${KEYS} regions=${REGIONS.length} concurrency=${CONCURRENCY}`,
    );
    console.log(
      `scanner: ${scanRequests} AWS requests (${perTable.toFixed(
        3,
      )} per table), ${(scanMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `naive:   ${naiveRequests} AWS requests (${naivePerTable.toFixed(
        3,
      )} per table), ${(naiveMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `physical floor (ListTables pages + DescribeTable per table): ${floor}; with the fixed per-key and per-region part: ${
        floor + fixed
      }`,
    );
    console.log(
      `ratio requests scanner/floor: ${(scanRequests / floor).toFixed(
        4,
      )} (limit 1.02)`,
    );
    console.log(
      `ratio requests scanner/naive: ${(perTable / naivePerTable).toFixed(3)}`,
    );
    console.log(`ratio time scanner/naive: ${(scanMs / naiveMs).toFixed(3)}`);
    console.log(
      `peak RSS while the scanner ran (scanner, store, AWS clients; seeding excluded): ${(
        scanPeakRss /
        1024 /
        1024
      ).toFixed(0)} MiB`,
    );
    await knex.destroy();
  } finally {
    moto.kill();
    clearInterval(sampler);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
