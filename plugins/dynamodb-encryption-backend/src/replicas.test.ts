import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from './plugin';
import { createAwsClientFactory } from '@internal/plugin-dynamodb-encryption-node';

jest.setTimeout(120_000);

/**
 * Two backend replicas on one PostgreSQL, with the real database and scheduler services: asking both to
 * scan at once runs one scan at a time, never two together.
 */
describe('fleet scans across replicas', () => {
  const connection =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  const endpoint = process.env.SANDBOX_ENDPOINT;
  const accountId = String(
    100000000000 + Math.floor(Math.random() * 899999999999),
  );
  const prefix = `replicas_${accountId}_`;

  it('never runs a scan on both replicas at once', async () => {
    if (!connection || !endpoint) {
      throw new Error(
        'Run with ./scripts/test.sh: it starts PostgreSQL and the sandbox this test needs',
      );
    }
    const clients = createAwsClientFactory(
      new ConfigReader({ dynamodbEncryption: { awsEndpoint: endpoint } }),
    );
    const dynamodb = await clients.dynamodb({ accountId, region: 'us-east-1' });
    for (let i = 0; i < 30; i++) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: `replica-${i}`,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    const config = {
      backend: { database: { client: 'pg', connection, prefix } },
      dynamodbEncryption: {
        awsEndpoint: endpoint,
        fleet: {
          targets: [{ accountId, regions: ['us-east-1'] }],
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 2 },
          },
        },
      },
    };
    const replica = () =>
      startTestBackend({
        features: [
          dynamoDbEncryptionPlugin,
          mockServices.rootConfig.factory({ data: config }),
          databaseServiceFactory,
          schedulerServiceFactory,
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
    const [a, b] = await Promise.all([replica(), replica()]);
    try {
      const trigger = (server: typeof a.server) =>
        request(server)
          .post('/api/dynamodb-encryption/fleet/scans')
          .set('Authorization', mockCredentials.user.header());
      const answers = await Promise.all([trigger(a.server), trigger(b.server)]);
      // Both replicas race for the first run and for these triggers: either queues a run (202) or finds one running (409).
      for (const res of answers) expect([202, 409]).toContain(res.status);

      const knex = knexFactory({
        client: 'pg',
        connection: `${connection}/${prefix}dynamodb-encryption`,
      });
      try {
        let scans: {
          started_at: Date;
          finished_at: Date | null;
          status: string;
        }[] = [];
        for (let i = 0; i < 100; i++) {
          scans = await knex('dynamodb_encryption_scans')
            .orderBy('id')
            .select('started_at', 'finished_at', 'status');
          if (scans.length && scans.every(s => s.finished_at)) break;
          await new Promise(r => setTimeout(r, 500));
        }
        expect(scans.length).toBeGreaterThanOrEqual(1);
        expect(scans.every(s => s.status === 'complete')).toBe(true);
        for (let i = 1; i < scans.length; i++) {
          expect(
            new Date(scans[i].started_at).getTime(),
          ).toBeGreaterThanOrEqual(
            new Date(scans[i - 1].finished_at!).getTime(),
          );
        }
      } finally {
        await knex.destroy();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
