import {
  CreateTableCommand,
  DeleteTableCommand,
  TagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { scannerOnSqlite } from '../__testUtils__/scanner';
import { cloudTrailEnvelope } from '../testing/cloudTrailEnvelope';
import { freePort, motoRecorder, startMoto } from '../testing/moto';
import { createEventApplier } from './eventApplier';
import { createEventConsumer } from './eventConsumer';
import { createFindingNotifier } from './findingNotifier';
import { createFleetChangeEffects } from './fleetChangeEffects';

jest.setTimeout(120_000);

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const REGION = 'us-east-1';

/** An EventBridge envelope of a CloudTrail management event in the test's account and region. */
function cloudTrail(
  service: 'kms' | 'dynamodb',
  eventName: string,
  requestParameters: object,
  options: { account?: string; time?: Date; resources?: string[] } = {},
) {
  return cloudTrailEnvelope({
    service,
    eventName,
    requestParameters,
    accountId: options.account ?? ACCOUNT,
    region: REGION,
    time: options.time,
    envelopeResources: options.resources,
  });
}

describe('AWS events re-assess only what changed, on moto', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('each event kind changes the row, summary and scorecard source without a scan, reading only what it touched; owners are told once and the notification is updated', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const at = { accountId: ACCOUNT, region: REGION };
    const dynamodb = await clients.dynamodb(at);
    const kms = await clients.kms(at);
    const sqs = await clients.sqs(at);
    const key = async () =>
      (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const shared = await key();
    const other = await key();
    const table = (name: string, keyArn?: string) =>
      dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
          ...(keyArn
            ? {
                SSESpecification: {
                  Enabled: true,
                  SSEType: 'KMS',
                  KMSMasterKeyId: keyArn,
                },
              }
            : {}),
        }),
      );
    await table('orders', shared.Arn);
    await table('carts', shared.Arn);
    await table('ledger', other.Arn);
    await table('sessions');
    const arn = (name: string) =>
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'dynamodb-encryption-events' }),
    );

    const { store, scanner } = await scannerOnSqlite(databases, {
      clients,
      targets: [{ accountId: ACCOUNT, regions: [REGION] }],
    });
    await scanner.scan();
    const sent: NotificationSendOptions[] = [];
    const logger = mockServices.logger.mock();
    const effects = createFleetChangeEffects({
      store,
      logger,
      reports: { forgetTables: async () => undefined },
      notifier: createFindingNotifier({
        logger,
        enabled: true,
        recipients: ['group:default/platform-team'],
        notifications: { send: async n => void sent.push(n) },
      }),
    });
    const consumer = createEventConsumer({
      clients,
      store,
      logger,
      applier: createEventApplier({
        clients,
        store,
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger,
        policies: [],
        concurrency: 4,
      }),
      config: {
        queue: { url: QueueUrl!, accountId: ACCOUNT, region: REGION },
        waitTimeSeconds: 0,
        visibilityTimeoutSeconds: 30,
        batchWindowMs: 300,
      },
      reads: async (accountId, region) =>
        accountId === ACCOUNT && region === REGION,
      onApplied: effects.afterEvents,
    });
    const recorder = motoRecorder(port);
    /** Delivers the events and applies them; returns the AWS reads they caused (not the queue's calls). */
    const deliver = async (...bodies: string[]) => {
      for (const MessageBody of bodies)
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
      await recorder.start();
      await consumer.pollOnce();
      const calls = await recorder.stop();
      return calls
        .filter(
          c => !/Message|Queue/.test(c.action) && c.action !== 'AssumeRole',
        )
        .map(c => {
          const body = JSON.parse(c.body || '{}');
          return `${c.action} ${body.TableName ?? body.KeyId ?? ''}`.trim();
        })
        .sort();
    };
    const row = (name: string) => store.latestRow(arn(name));
    const queueDepth = async () =>
      Number(
        (
          await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl,
              AttributeNames: ['ApproximateNumberOfMessages'],
            }),
          )
        ).Attributes?.ApproximateNumberOfMessages,
      );
    const scansBefore = (await store.latestScan())!.id;
    const summaryBefore = await store.summary();
    expect(summaryBefore.tables).toBe(4);
    expect((await row('orders'))!.encryption.keyState).toBe('Enabled');

    // A key disabled: that key and the two tables on it re-read, once each (a burst of three is one read).
    await kms.send(new DisableKeyCommand({ KeyId: shared.KeyId }));
    const disable = cloudTrail('kms', 'DisableKey', { keyId: shared.Arn });
    const reads = await deliver(disable, disable, disable);
    expect(reads.filter(r => r.startsWith('DescribeTable'))).toEqual([
      'DescribeTable carts',
      'DescribeTable orders',
    ]);
    expect(reads.filter(r => r.startsWith('DescribeKey'))).toHaveLength(1);
    expect(reads.join(' ')).not.toMatch(/ListTables|ledger|sessions/);
    for (const name of ['orders', 'carts']) {
      const r = (await row(name))!;
      expect(r.encryption.keyState).toBe('Disabled');
      expect(r.event).toEqual({ name: 'DisableKey', time: expect.any(String) });
      expect(r.findings.map(f => f.severity)).toContain('critical');
    }
    expect((await row('ledger'))!.event).toBeUndefined();
    const summaryDisabled = await store.summary();
    expect(summaryDisabled.findings.bySeverity.critical).toBe(
      summaryBefore.findings.bySeverity.critical + 2,
    );
    // No scan ran: the same snapshot, changed in place.
    expect((await store.latestScan())!.id).toBe(scansBefore);
    expect(await queueDepth()).toBe(0);
    // Each table's owner would be its entity's; here the configured recipients, once per table.
    expect(sent).toHaveLength(2);
    expect(sent.map(n => n.payload.scope).sort()).toEqual([
      `dynamodb-encryption:table:${arn('carts')}`,
      `dynamodb-encryption:table:${arn('orders')}`,
    ]);
    expect(sent[0]).toMatchObject({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/platform-team'],
      },
      payload: {
        severity: 'critical',
        topic: 'dynamodb-encryption',
      },
    });
    expect(sent[0].payload.description).toMatch(/DisableKey/);

    // Enabled again: the same notifications (same scope), updated to say the findings cleared.
    await kms.send(new EnableKeyCommand({ KeyId: shared.KeyId }));
    await deliver(cloudTrail('kms', 'EnableKey', { keyId: shared.KeyId }));
    expect((await row('orders'))!.encryption.keyState).toBe('Enabled');
    expect(sent).toHaveLength(4);
    expect(
      sent
        .slice(2)
        .map(n => n.payload.scope)
        .sort(),
    ).toEqual(
      sent
        .slice(0, 2)
        .map(n => n.payload.scope)
        .sort(),
    );
    for (const n of sent.slice(2)) {
      expect(n.payload.title).toMatch(/findings cleared/);
      expect(n.payload.severity).toBe('normal');
    }

    // KMS's own event names the key in `resources`: pending deletion, with its date.
    await kms.send(
      new ScheduleKeyDeletionCommand({
        KeyId: other.KeyId,
        PendingWindowInDays: 7,
      }),
    );
    const deletion = JSON.stringify({
      version: '0',
      id: 'kms-key-deletion',
      'detail-type': 'KMS Key Deletion',
      source: 'aws.kms',
      account: ACCOUNT,
      time: new Date().toISOString(),
      region: REGION,
      resources: [other.Arn],
      detail: { 'key-id': other.KeyId },
    });
    expect(await deliver(deletion)).toContain('DescribeTable ledger');
    const ledger = (await row('ledger'))!;
    expect(ledger.encryption.keyState).toBe('PendingDeletion');
    expect(ledger.findings.find(f => f.severity === 'critical')?.title).toMatch(
      /\d{4}-\d{2}-\d{2}/,
    );

    // Table events: tagged (its owner now named by the tag), created, deleted.
    await dynamodb.send(
      new TagResourceCommand({
        ResourceArn: arn('sessions'),
        Tags: [{ Key: 'owner', Value: 'team-web' }],
      }),
    );
    await table('invoices', other.Arn);
    await dynamodb.send(new DeleteTableCommand({ TableName: 'carts' }));
    const tableReads = await deliver(
      cloudTrail('dynamodb', 'TagResource', {
        resourceArn: arn('sessions'),
        tags: [{ key: 'owner', value: 'team-web' }],
      }),
      cloudTrail('dynamodb', 'CreateTable', { tableName: 'invoices' }),
      cloudTrail('dynamodb', 'DeleteTable', { tableName: 'carts' }),
    );
    expect(tableReads.filter(r => r.startsWith('DescribeTable'))).toEqual([
      'DescribeTable carts',
      'DescribeTable invoices',
      'DescribeTable sessions',
    ]);
    expect((await row('sessions'))!.owner).toBe('group:default/team-web');
    expect((await row('invoices'))!.encryption.keyState).toBe(
      'PendingDeletion',
    );
    expect(await row('carts')).toBeUndefined();
    const summaryAfter = await store.summary();
    expect(summaryAfter.tables).toBe(4);
    // sessions is owned by its tag now, carts is gone, invoices is new and unowned.
    expect(summaryAfter.findings.unowned).toBe(
      summaryDisabled.findings.unowned - 1,
    );
    // The deletion's tombstone: a scan that started before it will not bring the table back.
    const status = await store.eventLog.status({
      url: QueueUrl!,
      region: REGION,
    });
    expect(status.lastHour).toEqual({ received: 8, applied: 8, ignored: 0 });
    expect(status.error).toBeUndefined();
  });

  it('hostile messages are logged and removed, and change nothing', async () => {
    const port = await freePort();
    const own = await startMoto(port);
    try {
      const endpoint = `http://127.0.0.1:${port}`;
      const clients = createAwsClientFactory(
        new ConfigReader(sandboxAwsConfig(endpoint)),
      );
      const at = { accountId: ACCOUNT, region: REGION };
      const sqs = await clients.sqs(at);
      await (
        await clients.dynamodb(at)
      ).send(
        new CreateTableCommand({
          TableName: 'orders',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: 'events' }),
      );
      const { store, scanner } = await scannerOnSqlite(databases, {
        clients,
        targets: [{ accountId: ACCOUNT, regions: [REGION] }],
      });
      await scanner.scan();
      const rowsBefore = await store.listTables({ limit: 10 });
      const summaryBefore = await store.summary();
      const logger = mockServices.logger.mock();
      const applier = createEventApplier({
        clients,
        store,
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger,
        policies: [],
        concurrency: 4,
      });
      const apply = jest.spyOn(applier, 'apply');
      const consumer = createEventConsumer({
        clients,
        store,
        logger,
        applier,
        config: {
          queue: { url: QueueUrl!, accountId: ACCOUNT, region: REGION },
          waitTimeSeconds: 0,
          visibilityTimeoutSeconds: 30,
          batchWindowMs: 300,
        },
        reads: async accountId => accountId === ACCOUNT,
      });
      const future = new Date(Date.now() + 3_600_000);
      const hostile = [
        'not json {',
        // Just under SQS's 256 KiB limit: JSON, of no shape the portal reads.
        JSON.stringify({ padding: 'x'.repeat(250_000) }),
        JSON.stringify({ version: '0', id: 1, account: 'me' }),
        cloudTrail(
          'kms',
          'DisableKey',
          { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
          { account: OTHER },
        ),
        cloudTrail('kms', 'Decrypt', { keyId: 'alias/app' }),
        cloudTrail(
          'dynamodb',
          'DeleteTable',
          { tableName: 'orders' },
          { time: future },
        ),
        cloudTrail('dynamodb', 'DeleteTable', { tableName: '../../etc' }),
      ];
      for (const MessageBody of hostile)
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
      let handled = 0;
      while (handled < hostile.length) {
        const n = await consumer.pollOnce();
        if (!n) break;
        handled += n;
      }
      expect(handled).toBe(hostile.length);
      expect(apply.mock.calls.flatMap(([changes]) => changes)).toEqual([]);
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
      expect(await store.listTables({ limit: 10 })).toEqual(rowsBefore);
      expect((await store.summary()).tables).toBe(summaryBefore.tables);
      const reasons = logger.warn.mock.calls
        .filter(([m]) => m === 'Ignored a DynamoDB encryption event')
        .map(([, meta]) => String((meta as any).reason));
      expect(reasons).toEqual([
        'not JSON',
        expect.stringMatching(/not an EventBridge envelope/),
        expect.stringMatching(/not an EventBridge envelope/),
        expect.stringMatching(/222222222222 .* not read by the portal/),
        expect.stringMatching(/not an event the portal handles .*Decrypt/),
        expect.stringMatching(/in the future/),
        expect.stringMatching(/names no table/),
      ]);
      const status = await store.eventLog.status({
        url: QueueUrl!,
        region: REGION,
      });
      expect(status.lastHour).toEqual({ received: 7, applied: 0, ignored: 7 });

      // A queue that cannot be read: the error and its cause on the dashboard, since its first failure, until
      // a receive works again; nothing else changes.
      const missing = `${QueueUrl!.replace(/events$/, 'no-such-queue')}`;
      const broken = createEventConsumer({
        clients,
        store,
        logger,
        applier,
        config: {
          queue: { url: missing, accountId: ACCOUNT, region: REGION },
          waitTimeSeconds: 0,
          visibilityTimeoutSeconds: 30,
          batchWindowMs: 100,
        },
        reads: async () => true,
      });
      await expect(broken.pollOnce()).rejects.toThrow();
      const failing = await store.eventLog.status({
        url: missing,
        region: REGION,
      });
      expect(failing.error).toEqual({
        message: expect.stringMatching(
          /QueueDoesNotExist|NonExistentQueue|does not exist/i,
        ),
        cause: 'portal',
        since: expect.any(String),
      });
      await expect(broken.pollOnce()).rejects.toThrow();
      expect(
        (await store.eventLog.status({ url: missing, region: REGION })).error
          ?.since,
      ).toBe(failing.error!.since);
      expect(await store.listTables({ limit: 10 })).toEqual(rowsBefore);
    } finally {
      own.kill();
    }
  });
});
