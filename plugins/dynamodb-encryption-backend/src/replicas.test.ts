import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import knexFactory from 'knex';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from './plugin';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';

jest.setTimeout(180_000);

const connection =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const endpoint = process.env.SANDBOX_ENDPOINT;
const run = Math.random().toString(36).slice(2, 8);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

type LogLine = { replica: string; message: string; meta: JsonObject };

/** A root logger that keeps every line with the replica that wrote it: the test's witness of who ran what. */
function capturingLogger(lines: LogLine[], meta: JsonObject): LoggerService {
  const log = (message: string, extra?: Error | JsonObject) =>
    lines.push({
      replica: String(meta.replica),
      message,
      meta: { ...meta, ...(extra instanceof Error ? {} : extra) },
    });
  return {
    error: log,
    warn: log,
    info: log,
    debug: () => {},
    child: child => capturingLogger(lines, { ...meta, ...child }),
  };
}

/** One backend replica with the real database and scheduler services, on the database named by `prefix`. */
function startReplica(
  name: string,
  prefix: string,
  fleet: JsonObject,
  lines: LogLine[],
) {
  return startTestBackend({
    features: [
      dynamoDbEncryptionPlugin,
      mockServices.rootConfig.factory({
        data: sandboxAwsConfig(endpoint!, {
          config: {
            backend: { database: { client: 'pg', connection, prefix } },
            dynamodbEncryption: { fleet },
          },
        }),
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => capturingLogger(lines, { replica: name }),
      }),
      databaseServiceFactory,
      schedulerServiceFactory,
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
}

type Replica = Awaited<ReturnType<typeof startReplica>>;

/** Starts the replicas at the same instant; returns those that came up and the start-up errors of the others. */
async function startTogether(
  names: string[],
  prefix: string,
  fleet: (index: number) => JsonObject,
  lines: LogLine[],
): Promise<{ up: Replica[]; errors: string[] }> {
  const results = await Promise.allSettled(
    names.map((name, i) => startReplica(name, prefix, fleet(i), lines)),
  );
  const up: Replica[] = [];
  const errors: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') up.push(r.value);
    // The cause's line is enough to tell the races apart; the stack is the test's own.
    else
      errors.push(
        String(r.reason?.message ?? r.reason)
          .split('\n')
          .slice(0, 2)
          .join(' '),
      );
  }
  return { up, errors };
}

async function dropDatabase(prefix: string) {
  const admin = knexFactory({ client: 'pg', connection });
  await admin
    .raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [
      `${prefix}dynamodb-encryption`,
    ])
    .finally(() => admin.destroy());
}

describe('backend replicas on one PostgreSQL database', () => {
  beforeAll(() => {
    if (!connection || !endpoint) {
      throw new Error(
        'Run with ./scripts/test.sh: it starts PostgreSQL and the sandbox these tests need',
      );
    }
  });

  it('three replicas starting together on a fresh database all come up, twenty times over', async () => {
    const began = Date.now();
    const errors: string[] = [];
    const lines: LogLine[] = [];
    for (let i = 0; i < 20; i++) {
      const prefix = `replicas_${run}_start${i}_`;
      // No scan during this test: only start-up is under test.
      const fleet = () => ({
        targets: [],
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 1 },
          initialDelay: { hours: 1 },
        },
      });
      const started = await startTogether(
        ['a', 'b', 'c'],
        prefix,
        fleet,
        lines,
      );
      errors.push(...started.errors);
      await Promise.all(started.up.map(r => r.stop()));
      await dropDatabase(prefix);
    }
    expect(errors).toEqual([]);
    // The replicas did contend: some waited for another's migrations (so the race was there to lose).
    expect(
      lines.some(l => l.message.startsWith('Waiting for another replica')),
    ).toBe(true);
    expect(Date.now() - began).toBeLessThan(60_000);
  });

  it('runs one scan per period on one replica at a time, spread over the replicas, triggers included', async () => {
    const accountId = String(
      100000000000 + Math.floor(Math.random() * 899999999999),
    );
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint!)),
    );
    const dynamodb = await clients.dynamodb({ accountId, region: 'us-east-1' });
    for (let i = 0; i < 5; i++) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: `replica-${i}`,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    const periodMs = 3000;
    // Replica processes poll the task table on their own clocks; in one test process their timers would fire
    // in the same order every time, so each replica starts polling a second after the previous one.
    const fleet = (index: number) => ({
      targets: [{ accountId, regions: ['us-east-1'] }],
      // Keep every scan of the run for the assertions below.
      retainScans: 1000,
      schedule: {
        frequency: { seconds: periodMs / 1000 },
        timeout: { seconds: 30 },
        initialDelay: { seconds: 1 + index },
      },
    });
    const prefix = `replicas_${run}_scans_`;
    const lines: LogLine[] = [];
    const { up, errors } = await startTogether(
      ['a', 'b', 'c'],
      prefix,
      fleet,
      lines,
    );
    const db = knexFactory({
      client: 'pg',
      connection: `${connection}/${prefix}dynamodb-encryption`,
    });
    const statuses: number[] = [];
    let scans: {
      id: number;
      status: string;
      started_at: Date;
      finished_at: Date | null;
    }[] = [];
    let scheduledUntil = 0;
    try {
      expect(errors).toEqual([]);
      // Five periods on the schedule alone, then six seconds of every replica asking for a scan twice a second.
      await sleep(5 * periodMs);
      scheduledUntil = Date.now();
      while (Date.now() - scheduledUntil < 6000) {
        const answers = await Promise.all(
          up.map(r =>
            request(r.server)
              .post('/api/dynamodb-encryption/fleet/scans')
              .set('Authorization', mockCredentials.user.header()),
          ),
        );
        statuses.push(...answers.map(a => a.status));
        await sleep(500);
      }
      for (let i = 0; i < 40; i++) {
        scans = await db('dynamodb_encryption_scans').orderBy('started_at');
        if (scans.every(scan => scan.finished_at)) break;
        await sleep(250);
      }
    } finally {
      await Promise.all(up.map(r => r.stop()));
      await db.destroy();
      await dropDatabase(prefix);
    }

    // A trigger either moves the next run to now (202) or finds a run in progress (409).
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter(s => s !== 202 && s !== 409)).toEqual([]);
    expect(statuses).toContain(202);
    expect(
      scans.map(scan => scan.status).filter(s => s !== 'complete'),
    ).toEqual([]);

    // Never two scans at once: each starts after the previous one finished.
    const time = (d: Date | null) => new Date(d!).getTime();
    for (let i = 1; i < scans.length; i++) {
      expect(time(scans[i].started_at)).toBeGreaterThanOrEqual(
        time(scans[i - 1].finished_at),
      );
    }

    // One scan per period on the schedule: about five, and no period skipped (a replica claims a due run
    // within one period of polling, so consecutive starts are less than two periods apart).
    const scheduled = scans.filter(s => time(s.started_at) < scheduledUntil);
    expect(scheduled.length).toBeGreaterThanOrEqual(4);
    expect(scheduled.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < scheduled.length; i++) {
      expect(
        time(scheduled[i].started_at) - time(scheduled[i - 1].started_at),
      ).toBeLessThan(2 * periodMs + 1000);
    }
    // The triggers ran scans beyond the two periods of schedule they lasted.
    expect(scans.length - scheduled.length).toBeGreaterThan(3);

    // Each scan was run by exactly one replica, and over the run more than one replica ran scans.
    const finished = lines.filter(l => l.message === 'Fleet scan finished');
    const runners = new Map<number, string[]>();
    for (const l of finished) {
      const id = Number(l.meta.scanId);
      runners.set(id, [...(runners.get(id) ?? []), l.replica]);
    }
    for (const scan of scans) expect(runners.get(scan.id)).toHaveLength(1);
    const replicas = new Set(scans.map(scan => runners.get(scan.id)![0]));
    expect(replicas.size).toBeGreaterThan(1);
  });
});
