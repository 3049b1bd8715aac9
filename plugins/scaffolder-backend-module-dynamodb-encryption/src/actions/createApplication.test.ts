import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  kubernetesNameForTable,
} from '@dynamodb-encryption/backstage-plugin-common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createApplicationAction } from './createApplication';
import { createKey, sandbox } from './__testUtils__/sandbox';

const region = 'us-east-1';

describe('dynamodb:application:create', () => {
  const { clients, keys, accountId } = sandbox();
  const action = createApplicationAction({
    keys,
    defaultAccountId: accountId,
    rotation: 'warn',
  });
  const workspace = createMockDirectory();
  let cmkArn: string;
  let disabledArn: string;
  let pendingArn: string;
  let rsaArn: string;
  let euArn: string;

  beforeAll(async () => {
    const target = { accountId, region };
    cmkArn = await createKey(clients, target, {
      alias: 'alias/orders-data',
      rotation: true,
    });
    disabledArn = await createKey(clients, target, { state: 'Disabled' });
    pendingArn = await createKey(clients, target, { state: 'PendingDeletion' });
    rsaArn = await createKey(clients, target, { keySpec: 'RSA_2048' });
    euArn = await createKey(clients, { accountId, region: 'eu-west-1' });
  });
  beforeEach(() => workspace.clear());

  const input = (overrides: Record<string, unknown> = {}) => ({
    tableName: 'orders',
    region,
    attributeDefinitions: [
      { attributeName: 'orderId', attributeType: 'S' as const },
    ],
    keySchema: [{ attributeName: 'orderId', keyType: 'HASH' as const }],
    owner: 'group:default/orders-team',
    encryption: { sseType: 'KMS', kmsKeyId: 'alias/orders-data' },
    manifestUrl: 'http://127.0.0.1:4580/apps/orders/application.yaml',
    ...overrides,
  });

  it('resolves an alias to the key ARN and writes the Application and the entity', async () => {
    const ctx = createMockActionContext({
      input: input(),
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    const app = parse(
      await readFile(
        join(workspace.path, 'apps/orders/application.yaml'),
        'utf8',
      ),
    );
    const trait = app.spec.components[0].traits[0];
    expect(trait).toEqual({
      type: 'dynamodb-encryption-kro',
      properties: { enabled: true, sseType: 'KMS', kmsKeyId: cmkArn },
    });
    expect(app.metadata.annotations).toEqual({
      'dynamodb-encryption.io/aws-account-id': accountId,
      'dynamodb-encryption.io/kms-key-alias': 'alias/orders-data',
    });
    const entity = parse(
      await readFile(
        join(workspace.path, 'apps/orders/catalog-info.yaml'),
        'utf8',
      ),
    );
    expect(entity.metadata.annotations[DYNAMODB_TABLE_ARN_ANNOTATION]).toBe(
      `arn:aws:dynamodb:${region}:${accountId}:table/orders`,
    );
    expect(
      entity.metadata.annotations[
        'dynamodb-encryption.io/application-manifest'
      ],
    ).toBe(input().manifestUrl);
    expect(ctx.output).toHaveBeenCalledWith('keyArn', cmkArn);
    expect(ctx.output).toHaveBeenCalledWith('keyType', 'CUSTOMER_MANAGED');
  });

  it('in a dry run reads KMS and writes only into the workspace', async () => {
    const ctx = {
      ...createMockActionContext({
        input: input({ tableName: 'dry-table' }),
        workspacePath: workspace.path,
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(workspace.content()).toEqual({
      apps: {
        'dry-table': {
          'application.yaml': expect.any(String),
          'catalog-info.yaml': expect.any(String),
        },
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('keyArn', cmkArn);
  });

  it('reads empty strings from a template as unset fields', async () => {
    const ctx = createMockActionContext({
      input: input({
        accountId: '',
        system: '',
        encryption: { enabled: true, sseType: 'AES256', kmsKeyId: '' },
        streams: { enabled: false, viewType: 'NONE' },
      }),
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('keyType', 'AWS_OWNED');
    expect(ctx.output).toHaveBeenCalledWith(
      'tableArn',
      `arn:aws:dynamodb:${region}:${accountId}:table/orders`,
    );
    const app = parse(
      await readFile(
        join(workspace.path, 'apps/orders/application.yaml'),
        'utf8',
      ),
    );
    expect(app.spec.components[0].traits).toEqual([
      {
        type: 'dynamodb-encryption-kro',
        properties: { enabled: true, sseType: 'AES256' },
      },
    ]);
  });

  it('writes the capacity of a PROVISIONED table, and none from a form that left it empty', async () => {
    const read = async () =>
      parse(
        await readFile(
          join(workspace.path, 'apps/orders/application.yaml'),
          'utf8',
        ),
      ).spec.components[0].properties;
    await action.handler(
      createMockActionContext({
        input: input({
          billingMode: 'PROVISIONED',
          provisionedThroughput: {
            readCapacityUnits: 7,
            writeCapacityUnits: 3,
          },
        }),
        workspacePath: workspace.path,
      }),
    );
    expect(await read()).toMatchObject({
      billingMode: 'PROVISIONED',
      provisionedThroughput: { readCapacityUnits: 7, writeCapacityUnits: 3 },
    });
    await action.handler(
      createMockActionContext({
        input: input({
          billingMode: 'PAY_PER_REQUEST',
          provisionedThroughput: {
            readCapacityUnits: '',
            writeCapacityUnits: '',
          },
        }) as any,
        workspacePath: workspace.path,
      }),
    );
    const properties = await read();
    expect(properties.billingMode).toBe('PAY_PER_REQUEST');
    expect(properties).not.toHaveProperty('provisionedThroughput');
  });

  it('names the Application and component validly for any table name', async () => {
    await action.handler(
      createMockActionContext({
        input: input({ tableName: 'Orders_2024.v2' }),
        workspacePath: workspace.path,
      }),
    );
    const app = parse(
      await readFile(
        join(workspace.path, 'apps/Orders_2024.v2/application.yaml'),
        'utf8',
      ),
    );
    expect(app.metadata.name).toBe(kubernetesNameForTable('Orders_2024.v2'));
    expect(app.metadata.name).toMatch(/^orders-2024-v2-[0-9a-f]{8}$/);
    expect(app.spec.components[0].name).toBe(app.metadata.name);
  });

  it('writes the AWS managed key as it is, with no key to resolve', async () => {
    const ctx = createMockActionContext({
      input: input({
        encryption: { sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
      }),
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('keyType', 'AWS_MANAGED');
    expect(ctx.output).not.toHaveBeenCalledWith('keyArn', expect.anything());
  });

  it.each([
    [
      'a bad table name',
      { tableName: 'a b' },
      /Table name \(tableName\): use letters, digits, `_`, `.` and `-`; 3 to 63 characters/,
    ],
    [
      'an undefined key attribute',
      { keySchema: [{ attributeName: 'id', keyType: 'HASH' }] },
      /Primary key \(keySchema\): key attribute id is not in attributeDefinitions/,
    ],
    [
      'KMS without a key',
      { encryption: { sseType: 'KMS' } },
      /Customer managed key \(encryption.kmsKeyId\): is required when sseType is KMS/,
    ],
    [
      'a key with AES256',
      { encryption: { sseType: 'AES256', kmsKeyId: 'alias/orders-data' } },
      /Customer managed key \(encryption.kmsKeyId\): must not be set unless sseType is KMS/,
    ],
    [
      'a key with enabled: false',
      { encryption: { enabled: false, kmsKeyId: 'alias/orders-data' } },
      /Customer managed key \(encryption.kmsKeyId\): must not be set when enabled is false/,
    ],
    [
      'a missing key',
      { encryption: { sseType: 'KMS', kmsKeyId: 'alias/nope' } },
      /kmsKeyId alias\/nope: no such key in \d{12}\/us-east-1/,
    ],
    [
      'a disabled key',
      () => ({ encryption: { sseType: 'KMS', kmsKeyId: disabledArn } }),
      /the key is disabled/,
    ],
    [
      'a key pending deletion',
      () => ({ encryption: { sseType: 'KMS', kmsKeyId: pendingArn } }),
      /the key is pending deletion/,
    ],
    [
      'an asymmetric key',
      () => ({ encryption: { sseType: 'KMS', kmsKeyId: rsaArn } }),
      /RSA_2048; DynamoDB needs a symmetric/,
    ],
    [
      'an unknown stream view type',
      { streams: { viewType: 'ALL' } },
      /streams.viewType: must be one of NEW_AND_OLD_IMAGES/,
    ],
    ['a malformed account', { accountId: '12' }, /accountId/],
    [
      'PROVISIONED without capacity',
      { billingMode: 'PROVISIONED' },
      /provisionedThroughput: is required when billingMode is PROVISIONED/,
    ],
    [
      'capacity with PAY_PER_REQUEST',
      {
        billingMode: 'PAY_PER_REQUEST',
        provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5 },
      },
      /provisionedThroughput: must not be set when billingMode is PAY_PER_REQUEST/,
    ],
    [
      'a capacity below 1',
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 5 },
      },
      /provisionedThroughput.readCapacityUnits: must be a whole number of at least 1/,
    ],
    [
      'a key in another region',
      () => ({ encryption: { sseType: 'KMS', kmsKeyId: euArn } }),
      /is in \d{12}\/eu-west-1; the table is in \d{12}\/us-east-1/,
    ],
  ])('refuses %s, naming the field', async (_name, overrides, message) => {
    const o = typeof overrides === 'function' ? overrides() : overrides;
    const ctx = createMockActionContext({
      input: input(o) as any,
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(workspace.content()).toEqual({});
  });
});
