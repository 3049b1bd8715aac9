import {
  CreateTableCommand,
  CreateTableCommandInput,
  DescribeTableCommand,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxClients } from '../clients';
import { startSandboxMoto } from '../testing/sandboxMoto';
import type { AckTable } from './ack';
import { ackAdoption } from './ackAdoption';
import {
  applyAckTable,
  reconcileApplication,
  renderAckTables,
} from './reconcile';
import { startRecorder, writes } from './recorder';
import { randomAccount, tableApplication } from './testSupport';

jest.setTimeout(120_000);

const region = 'eu-west-1';

/** A one-table Application asking for adoption, with the component properties and traits given. */
function adoptingApplication(
  tableName: string,
  properties: Record<string, unknown> = {},
  traits: { type: string; properties: Record<string, unknown> }[] = [],
) {
  const app = tableApplication(tableName, region);
  const component = app.spec.components[0];
  Object.assign(component.properties, { adopt: true }, properties);
  component.traits.push(...traits);
  return app;
}

describe('adoption through the definitions: aws-dynamodb-kro adopt → the RGD → the ACK Table', () => {
  it('renders ACK’s adoption annotations only when the component asks for them', async () => {
    const [adopted] = await renderAckTables(
      adoptingApplication('legacy.orders'),
    );
    expect(adopted.metadata.annotations).toEqual({
      'services.k8s.aws/region': region,
      'services.k8s.aws/adoption-policy': 'adopt-or-create',
    });
    expect(ackAdoption(adopted)).toEqual({
      policy: 'adopt-or-create',
      tableName: 'legacy.orders',
    });
    const plain = tableApplication('plain-orders', region);
    const notAdopting = adoptingApplication('plain-orders', { adopt: false });
    for (const app of [plain, notAdopting]) {
      const [table] = await renderAckTables(app);
      expect(table.metadata.annotations).toEqual({
        'services.k8s.aws/region': region,
      });
      expect(ackAdoption(table)).toBeUndefined();
    }
  });

  it('refuses an adopt property that is not a boolean, with CUE’s own error', async () => {
    await expect(
      renderAckTables(adoptingApplication('orders', { adopt: 'yes' })),
    ).rejects.toThrow(/adopt/);
  });

  it('reads the annotations as the ACK runtime does, refusing what it refuses', () => {
    const table = (annotations: Record<string, string>): AckTable => ({
      metadata: { name: 'orders', annotations },
      spec: { tableName: 'orders', attributeDefinitions: [], keySchema: [] },
    });
    const policy = 'services.k8s.aws/adoption-policy';
    const fields = 'services.k8s.aws/adoption-fields';
    expect(() => ackAdoption(table({ [policy]: 'take-over' }))).toThrow(
      'unrecognized adoption policy take-over. Supported policies are "adopt" and "adopt-or-create"',
    );
    expect(() => ackAdoption(table({ [policy]: 'adopt' }))).toThrow(
      /^unmarshalling adoption-fields annotation: /,
    );
    expect(() =>
      ackAdoption(table({ [policy]: 'adopt', [fields]: '{"name":"orders"}' })),
    ).toThrow(
      'Error populating adoption fields: required field missing: tableName',
    );
    expect(
      ackAdoption(
        table({ [policy]: 'adopt', [fields]: '{"tableName":"other"}' }),
      ),
    ).toEqual({ policy: 'adopt', tableName: 'other' });
    expect(ackAdoption(table({ [policy]: 'adopt-or-create' }))).toEqual({
      policy: 'adopt-or-create',
      tableName: 'orders',
    });
  });
});

describe('the sandbox reconciler adopts as the ACK controller does', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let cmk: string;
  const accountId = randomAccount();
  const dynamodb = () =>
    sandboxClients(endpoint).dynamodb({ accountId, region });

  beforeAll(async () => {
    const recording = join(await mkdtemp(join(tmpdir(), 'moto-rec-')), 'rec');
    ({ child: moto, endpoint } = await startSandboxMoto({
      MOTO_RECORDER_FILEPATH: recording,
    }));
    const kms = await sandboxClients(endpoint).kms({ accountId, region });
    cmk = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    recorder = await startRecorder(endpoint);
  });
  afterAll(() => moto?.kill());

  /** A table nobody declares: created straight in AWS, as the fleet scan discovers it. */
  async function discovered(
    input: Partial<CreateTableCommandInput> & { TableName: string },
    pointInTimeRecovery = false,
  ) {
    const client = await dynamodb();
    await client.send(
      new CreateTableCommand({
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        ...input,
      }),
    );
    if (pointInTimeRecovery)
      await client.send(
        new UpdateContinuousBackupsCommand({
          TableName: input.TableName,
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
          },
        }),
      );
  }

  it('adopts a table that matches its Application with no write at all', async () => {
    await discovered({ TableName: 'found-owned' });
    await discovered({
      TableName: 'found-managed',
      SSESpecification: { Enabled: true },
    });
    await discovered(
      {
        TableName: 'found-cmk',
        SSESpecification: {
          Enabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: cmk,
        },
        DeletionProtectionEnabled: true,
        StreamSpecification: {
          StreamEnabled: true,
          StreamViewType: 'NEW_IMAGE',
        },
        Tags: [{ Key: 'owner', Value: 'group:default/payments-team' }],
      },
      true,
    );
    await discovered({
      TableName: 'found-provisioned',
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
    });
    await recorder.take();

    const apps = [
      adoptingApplication('found-owned'),
      adoptingApplication('found-managed', {}, [
        {
          type: 'dynamodb-encryption-kro',
          properties: { sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
        },
      ]),
      adoptingApplication(
        'found-cmk',
        { tags: { owner: 'group:default/payments-team' } },
        [
          {
            type: 'dynamodb-encryption-kro',
            properties: { sseType: 'KMS', kmsKeyId: cmk },
          },
          {
            type: 'dynamodb-protection-kro',
            properties: { deletionProtection: true, pointInTimeRecovery: true },
          },
          {
            type: 'dynamodb-streams-kro',
            properties: { viewType: 'NEW_IMAGE' },
          },
        ],
      ),
      adoptingApplication('found-provisioned', {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 7, writeCapacityUnits: 3 },
      }),
    ];
    for (const app of apps) {
      const [result] = await reconcileApplication(endpoint, accountId, app);
      expect(result).toMatchObject({
        adopted: true,
        created: false,
        delta: [],
        calls: [],
        notApplied: [],
      });
    }
    const calls = await recorder.take();
    expect(calls.filter(c => c.operation === 'DescribeTable')).toHaveLength(4);
    expect(writes(calls)).toEqual([]);
  });

  it('adopts a table that differs, then updates it to the Application, as the controller’s next pass does', async () => {
    await discovered({ TableName: 'found-unprotected' });
    await recorder.take();
    const app = adoptingApplication('found-unprotected', {}, [
      {
        type: 'dynamodb-encryption-kro',
        properties: { sseType: 'KMS', kmsKeyId: cmk },
      },
      // Deletion protection and point-in-time recovery, both on by the trait's defaults.
      { type: 'dynamodb-protection-kro', properties: {} },
    ]);
    const [result] = await reconcileApplication(endpoint, accountId, app);
    // In ACK's order: the key, the table-level update, then point-in-time recovery.
    expect(result).toMatchObject({
      adopted: true,
      created: false,
      delta: [
        'sseSpecification',
        'continuousBackups',
        'deletionProtectionEnabled',
      ],
      calls: ['UpdateTable', 'UpdateTable', 'UpdateContinuousBackups'],
    });
    expect(writes(await recorder.take())).toEqual([
      { operation: 'UpdateTable', table: 'found-unprotected' },
      { operation: 'UpdateTable', table: 'found-unprotected' },
      { operation: 'UpdateContinuousBackups', table: 'found-unprotected' },
    ]);
    const { Table } = await (
      await dynamodb()
    ).send(new DescribeTableCommand({ TableName: 'found-unprotected' }));
    expect(Table?.SSEDescription?.KMSMasterKeyArn).toBe(cmk);
    expect(Table?.DeletionProtectionEnabled).toBe(true);
  });

  it('creates a missing table under adopt-or-create (the component’s adopt), never under strict adopt', async () => {
    const [strict] = await renderAckTables(adoptingApplication('ghost'));
    Object.assign(strict.metadata.annotations!, {
      'services.k8s.aws/adoption-policy': 'adopt',
      'services.k8s.aws/adoption-fields': '{"tableName":"ghost"}',
    });
    await expect(applyAckTable(endpoint, accountId, strict)).rejects.toThrow(
      'adopted resource not found: table ghost',
    );
    expect(writes(await recorder.take())).toEqual([]);

    const [result] = await reconcileApplication(
      endpoint,
      accountId,
      adoptingApplication('ghost'),
    );
    expect(result).toMatchObject({ created: true, adopted: false });
    expect(writes(await recorder.take())).toEqual([
      { operation: 'CreateTable', table: 'ghost' },
    ]);
  });
});
