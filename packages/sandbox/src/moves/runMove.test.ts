import {
  DescribeTableCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
} from '@aws-sdk/client-kms';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  parseFleetEvent,
} from '@dynamodb-encryption/backstage-plugin-common';
import { ChildProcess } from 'node:child_process';
import { sandboxClients } from '../clients';
import { sqsClient } from '../events';
import { Fleet, loadFleet } from '../fleet';
import { SeedResult, seedFleet } from '../seed';
import { DEMO_FLEET_FILE, startSandboxMoto } from '../testing/sandboxMoto';
import { runMove } from './runMove';
import { MoveRequest } from './types';

jest.setTimeout(120_000);

const PLATFORM = { accountId: '111111111111', region: 'us-east-1' };
const PLATFORM_EU = { accountId: '111111111111', region: 'eu-west-1' };
const PAYMENTS = { accountId: '222222222222', region: 'us-east-1' };

describe('the sandbox CLI moves', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let fleet: Fleet;
  let seeded: SeedResult;

  beforeAll(async () => {
    ({ child: moto, endpoint } = await startSandboxMoto());
    fleet = await loadFleet(DEMO_FLEET_FILE);
    seeded = await seedFleet(endpoint, fleet);
  });
  afterAll(() => moto?.kill());

  /** Runs the move and returns the one envelope it brought to the portal's queue. */
  async function move(request: MoveRequest) {
    const result = await runMove(endpoint, fleet, request);
    const sqs = sqsClient(endpoint);
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: seeded.events.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 5,
      }),
    );
    const messages = res.Messages ?? [];
    for (const m of messages)
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: seeded.events.queueUrl,
          ReceiptHandle: m.ReceiptHandle,
        }),
      );
    expect(messages).toHaveLength(1);
    const body = messages[0].Body!;
    const envelope = JSON.parse(body);
    expect(envelope).toMatchObject({
      version: '0',
      id: result.eventId,
      'detail-type': CLOUDTRAIL_DETAIL_TYPE,
      account: result.accountId,
      region: result.region,
      resources: [],
      detail: {
        eventVersion: '1.08',
        eventName: result.record.eventName,
        awsRegion: result.region,
        recipientAccountId: result.accountId,
        readOnly: false,
        managementEvent: true,
        eventType: 'AwsApiCall',
        eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        userIdentity: {
          type: 'AssumedRole',
          accountId: result.accountId,
          arn: `arn:aws:sts::${result.accountId}:assumed-role/sandbox-operator/sandbox-cli`,
        },
      },
    });
    expect(envelope.time).toBe(envelope.detail.eventTime);
    // What the portal's consumer makes of it.
    const parsed = parseFleetEvent(body);
    if (!parsed.ok) throw new Error(parsed.reason);
    return { envelope, detail: envelope.detail, change: parsed.change };
  }

  async function keyState(
    target: { accountId: string; region: string },
    keyId: string,
  ) {
    const kms = await sandboxClients(endpoint).kms(target);
    return (await kms.send(new DescribeKeyCommand({ KeyId: keyId })))
      .KeyMetadata!;
  }

  it('disable-key and enable-key change the key, and bring DisableKey and EnableKey as CloudTrail records them', async () => {
    const arn = seeded.keyArns.orders;
    const keyId = arn.split('/')[1];
    const disabled = await move({
      move: 'disable-key',
      account: 'platform-prod',
      region: 'us-east-1',
      key: 'alias/orders-data',
    });
    expect((await keyState(PLATFORM, arn)).KeyState).toBe('Disabled');
    expect(disabled.envelope.source).toBe('aws.kms');
    expect(disabled.detail).toMatchObject({
      eventSource: 'kms.amazonaws.com',
      eventName: 'DisableKey',
      requestParameters: { keyId },
      responseElements: { keyId: arn },
      resources: [
        { accountId: PLATFORM.accountId, type: 'AWS::KMS::Key', ARN: arn },
      ],
    });
    expect(disabled.change).toMatchObject({ kind: 'key', kmsKeyArns: [arn] });

    const enabled = await move({
      move: 'enable-key',
      account: PLATFORM.accountId,
      region: 'us-east-1',
      key: arn,
    });
    expect((await keyState(PLATFORM, arn)).KeyState).toBe('Enabled');
    expect(enabled.detail.eventName).toBe('EnableKey');
  });

  it('schedule-key-deletion and cancel-key-deletion work in another region, with the pending window and deletion date', async () => {
    const arn = seeded.keyArns['customers-eu'];
    const scheduled = await move({
      move: 'schedule-key-deletion',
      account: 'platform-prod',
      region: 'eu-west-1',
      key: 'alias/customers-eu',
    });
    const meta = await keyState(PLATFORM_EU, arn);
    expect(meta.KeyState).toBe('PendingDeletion');
    expect(scheduled.envelope.region).toBe('eu-west-1');
    expect(scheduled.detail).toMatchObject({
      eventName: 'ScheduleKeyDeletion',
      awsRegion: 'eu-west-1',
      requestParameters: { keyId: meta.KeyId, pendingWindowInDays: 7 },
      responseElements: {
        keyId: arn,
        keyState: 'PendingDeletion',
        deletionDate: expect.stringMatching(
          /^[A-Z][a-z]{2} \d\d, \d{4} \d\d:\d\d:\d\d [AP]M$/,
        ),
      },
    });

    const cancelled = await move({
      move: 'cancel-key-deletion',
      account: 'platform-prod',
      region: 'eu-west-1',
      key: meta.KeyId,
    });
    expect((await keyState(PLATFORM_EU, arn)).KeyState).toBe('Disabled');
    expect(cancelled.detail.eventName).toBe('CancelKeyDeletion');
  });

  it('enable-key-rotation and disable-key-rotation change rotation; a demo key is named by its fleet id', async () => {
    const arn = seeded.keyArns['legacy-ledger'];
    const kms = await sandboxClients(endpoint).kms(PLATFORM);
    const rotation = async () =>
      (await kms.send(new GetKeyRotationStatusCommand({ KeyId: arn })))
        .KeyRotationEnabled;
    expect(await rotation()).toBe(false);
    const enabled = await move({
      move: 'enable-key-rotation',
      account: 'platform-prod',
      region: 'us-east-1',
      key: 'legacy-ledger',
    });
    expect(await rotation()).toBe(true);
    expect(enabled.detail).toMatchObject({
      eventName: 'EnableKeyRotation',
      requestParameters: { keyId: arn.split('/')[1] },
      responseElements: { keyId: arn },
    });
    await move({
      move: 'disable-key-rotation',
      account: 'platform-prod',
      region: 'us-east-1',
      key: 'legacy-ledger',
    });
    expect(await rotation()).toBe(false);
  });

  it('put-key-policy replaces the key policy and records the document', async () => {
    const arn = seeded.keyArns.payments;
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Root',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
    const put = await move({
      move: 'put-key-policy',
      account: 'platform-prod',
      region: 'us-east-1',
      key: 'alias/payments-data',
      policy,
    });
    const kms = await sandboxClients(endpoint).kms(PLATFORM);
    const stored = await kms.send(
      new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }),
    );
    expect(JSON.parse(stored.Policy!)).toEqual(JSON.parse(policy));
    expect(put.detail).toMatchObject({
      eventName: 'PutKeyPolicy',
      requestParameters: { policyName: 'default', policy },
    });
  });

  it('create-table, tag-table, untag-table and delete-table change tables in another account, and bring DynamoDB records', async () => {
    const arn = seeded.tableArns.invoices;
    const dynamodb = await sandboxClients(endpoint).dynamodb(PAYMENTS);
    const tags = async () =>
      (await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: arn })))
        .Tags ?? [];

    const tagged = await move({
      move: 'tag-table',
      account: 'payments-prod',
      region: 'us-east-1',
      table: 'invoices',
      tags: { 'data-class': 'restricted' },
    });
    expect(await tags()).toContainEqual({
      Key: 'data-class',
      Value: 'restricted',
    });
    expect(tagged.envelope.source).toBe('aws.dynamodb');
    expect(tagged.detail).toMatchObject({
      eventSource: 'dynamodb.amazonaws.com',
      eventName: 'TagResource',
      requestParameters: {
        resourceArn: arn,
        tags: [{ key: 'data-class', value: 'restricted' }],
      },
    });
    expect(tagged.change).toMatchObject({
      kind: 'table',
      table: { accountId: PAYMENTS.accountId, tableName: 'invoices' },
    });

    const untagged = await move({
      move: 'untag-table',
      account: 'payments-prod',
      region: 'us-east-1',
      table: 'invoices',
      tagKeys: ['data-class'],
    });
    expect(await tags()).not.toContainEqual(
      expect.objectContaining({ Key: 'data-class' }),
    );
    expect(untagged.detail.requestParameters).toEqual({
      resourceArn: arn,
      tagKeys: ['data-class'],
    });

    const created = await move({
      move: 'create-table',
      account: 'payments-prod',
      region: 'us-east-1',
      table: 'made-in-the-console',
    });
    const made = await dynamodb.send(
      new DescribeTableCommand({ TableName: 'made-in-the-console' }),
    );
    expect(made.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(created.detail).toMatchObject({
      eventName: 'CreateTable',
      requestParameters: { tableName: 'made-in-the-console' },
      responseElements: {
        tableDescription: { tableArn: made.Table?.TableArn },
      },
    });
    expect(created.change).toMatchObject({
      kind: 'table',
      table: {
        accountId: PAYMENTS.accountId,
        tableName: 'made-in-the-console',
      },
    });

    const deleted = await move({
      move: 'delete-table',
      account: '222222222222',
      region: 'us-east-1',
      table: 'billing-cache',
    });
    await expect(
      dynamodb.send(new DescribeTableCommand({ TableName: 'billing-cache' })),
    ).rejects.toThrow(/not found/i);
    expect(deleted.detail).toMatchObject({
      eventName: 'DeleteTable',
      requestParameters: { tableName: 'billing-cache' },
      responseElements: {
        tableDescription: { tableName: 'billing-cache' },
      },
    });
    expect(deleted.change).toMatchObject({
      kind: 'table',
      table: { tableName: 'billing-cache' },
    });
  });

  it.each([
    [
      { account: 'staging' },
      /^--account: "staging" is not a demo account; the fleet has 111111111111 \(platform-prod\), 222222222222 \(payments-prod\)$/,
    ],
    [{ region: 'moon-1' }, /^--region: "moon-1" is not an AWS region/],
    [
      { region: 'ap-south-1' },
      /^--region: ap-south-1 is not a demo fleet region/,
    ],
    [
      { key: 'alias/nope' },
      /^--key: no key alias\/nope in account 111111111111, region us-east-1$/,
    ],
    [
      {
        key: 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
      /^--key: .* is in account 222222222222, region us-east-1, not account 111111111111/,
    ],
    [{ key: 'rm -rf /' }, /^--key: "rm -rf \/" is neither a key id/],
    [
      { move: 'schedule-key-deletion', pendingWindowInDays: 3 },
      /^--days: 3 is not a whole number of days from 7 to 30/,
    ],
    [
      { move: 'put-key-policy', policy: '{not json' },
      /^--policy-file: not JSON/,
    ],
    [
      { move: 'create-table', key: undefined, table: 'a b' },
      /^--table: must be 3 to 255 letters, digits/,
    ],
    [
      { move: 'delete-table', key: undefined, table: 'nope' },
      /^--table: no table nope in account 111111111111, region us-east-1$/,
    ],
  ] as Array<[Partial<MoveRequest>, RegExp]>)(
    'refuses %j naming the argument',
    async (change, message) => {
      await expect(
        runMove(endpoint, fleet, {
          move: 'disable-key',
          account: 'platform-prod',
          region: 'us-east-1',
          key: 'alias/orders-data',
          ...change,
        }),
      ).rejects.toThrow(message);
    },
  );
});
