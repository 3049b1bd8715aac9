import {
  CreateTableCommand,
  TagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import knexFactory, { Knex } from 'knex';
import { ChildProcess } from 'node:child_process';
import { createFleetScanner } from '../scan/fleetScanner';
import { FleetStore } from '../store/fleetStore';
import { EVENTS } from '../store/fleetRows';
import { freePort, startMoto } from '../testing/moto';
import { createEventApplier } from './eventApplier';
import { createEventConsumer } from './eventConsumer';

jest.setTimeout(180_000);

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const TABLES = Array.from({ length: 12 }, (_, i) => `table-${i}`);
const ROUNDS = 4;

describe('two replicas on PostgreSQL consuming one queue', () => {
  // .ci/run and scripts/test.sh start PostgreSQL and set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let moto: ChildProcess | undefined;
  const extra: Knex[] = [];
  afterAll(async () => {
    moto?.kill();
    await Promise.all(extra.map(k => k.destroy()));
  });

  it('apply every event once in effect, lose none, and a later change of a table always wins', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(`http://127.0.0.1:${port}`)),
    );
    const at = { accountId: ACCOUNT, region: REGION };
    const dynamodb = await clients.dynamodb(at);
    const sqs = await clients.sqs(at);
    for (const TableName of TABLES)
      await dynamodb.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'events' }),
    );

    // One database, two replicas each with its own connection pool.
    const first = await databases.init('POSTGRES_15');
    const second = knexFactory(first.client.config);
    extra.push(second);
    const stores = await Promise.all(
      [first, second].map(knex =>
        FleetStore.create(mockServices.database({ knex }), { retainScans: 5 }),
      ),
    );
    const common = {
      clients,
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      policies: [],
      concurrency: 4,
    };
    await createFleetScanner({
      ...common,
      store: stores[0],
      targets: [{ accountId: ACCOUNT, regions: [REGION] }],
    }).scan();
    const consumers = stores.map(store =>
      createEventConsumer({
        ...common,
        store,
        applier: createEventApplier({ ...common, store }),
        config: {
          queue: { url: QueueUrl!, accountId: ACCOUNT, region: REGION },
          waitTimeSeconds: 0,
          visibilityTimeoutSeconds: 60,
          batchWindowMs: 100,
        },
        reads: async () => true,
      }),
    );

    // Each round re-tags every table and sends its event; the replicas consume while the next round is made.
    let sent = 0;
    let draining = true;
    const handled = [0, 0];
    const loops = consumers.map(async (consumer, i) => {
      while (draining) handled[i] += await consumer.pollOnce();
    });
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of TABLES) {
        const arn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
        await dynamodb.send(
          new TagResourceCommand({
            ResourceArn: arn,
            Tags: [{ Key: 'owner', Value: `team-${round}` }],
          }),
        );
        await sqs.send(
          new SendMessageCommand({
            QueueUrl,
            MessageBody: JSON.stringify({
              version: '0',
              id: `${name}-${round}`,
              'detail-type': 'AWS API Call via CloudTrail',
              source: 'aws.dynamodb',
              account: ACCOUNT,
              time: new Date().toISOString(),
              region: REGION,
              resources: [],
              detail: {
                eventSource: 'dynamodb.amazonaws.com',
                eventName: 'TagResource',
                requestParameters: { resourceArn: arn },
              },
            }),
          }),
        );
        sent++;
      }
    }
    // Until both replicas together handled every message.
    const deadline = Date.now() + 90_000;
    while (handled[0] + handled[1] < sent && Date.now() < deadline)
      await new Promise(r => setTimeout(r, 200));
    draining = false;
    await Promise.all(loops);

    const depth = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
        ],
      }),
    );
    expect(depth.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    // Each message handled by one replica only, and both took part.
    expect(handled[0] + handled[1]).toBe(sent);
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    const applied = await first(EVENTS)
      .where({ outcome: 'applied' })
      .select('message_id');
    expect(applied).toHaveLength(sent);
    expect(new Set(applied.map(a => a.message_id)).size).toBe(sent);
    // Whichever replica stored last, every table shows the last change AWS has, as both replicas read it.
    for (const store of stores) {
      const { items } = await store.listTables({ limit: 50 });
      expect(items.map(r => r.owner)).toEqual(
        TABLES.map(() => `group:default/team-${ROUNDS}`),
      );
    }
  });
});
