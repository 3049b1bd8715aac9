import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  expectedKeyType,
  KeyType,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { parse } from 'yaml';
import { TraitRefusedError } from './application';
import { reconcileApplication, renderAckTables } from './reconcile';
import {
  createKey,
  observedKeyType,
  randomAccount,
  sandboxEndpoint,
  tableApplication,
} from './testSupport';

const region = 'us-east-1';
const examplesDir = resolve(__dirname, '../../../../kubevela/examples');

const application = (tableName: string, encryption?: Record<string, unknown>) =>
  tableApplication(tableName, region, encryption);

describe('Application → cue → kro RGD → ACK Table → CreateTable → DescribeTable', () => {
  const endpoint = sandboxEndpoint();
  const accountId = randomAccount();
  let cmkArn: string;

  beforeAll(async () => {
    cmkArn = (
      await createKey(endpoint, accountId, region, { alias: 'alias/chain-cmk' })
    ).arn;
  });

  // product.md's mapping table, row by row.
  const rows: [
    string,
    () => Record<string, unknown> | undefined,
    Record<string, unknown>,
    KeyType,
  ][] = [
    ['no trait', () => undefined, { enabled: false }, 'AWS_OWNED'],
    [
      'enabled: false',
      () => ({ enabled: false }),
      { enabled: false },
      'AWS_OWNED',
    ],
    [
      'enabled: true, sseType: AES256 (the default)',
      () => ({ enabled: true, sseType: 'AES256' }),
      { enabled: false },
      'AWS_OWNED',
    ],
    [
      'sseType: KMS, kmsKeyId: alias/aws/dynamodb',
      () => ({ sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' }),
      { enabled: true, sseType: 'KMS' },
      'AWS_MANAGED',
    ],
    [
      'sseType: KMS, kmsKeyId: <customer key ARN>',
      () => ({ sseType: 'KMS', kmsKeyId: cmkArn }),
      { enabled: true, sseType: 'KMS', kmsMasterKeyID: '<cmk>' },
      'CUSTOMER_MANAGED',
    ],
  ];

  it.each(rows)(
    'row "%s" reaches AWS as the key type it asks for',
    async (name, props, ackSse, keyType) => {
      const tableName = `row-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`;
      const app = application(tableName, props());
      const [ack] = await renderAckTables(app);
      const expectedSse = ackSse.kmsMasterKeyID
        ? { ...ackSse, kmsMasterKeyID: cmkArn }
        : ackSse;
      expect(ack.spec.sseSpecification).toEqual(expectedSse);
      expect(JSON.stringify(ack.spec.sseSpecification)).not.toContain('AES256');

      await reconcileApplication(endpoint, accountId, app);
      const observed = await observedKeyType(
        endpoint,
        accountId,
        region,
        tableName,
      );
      expect(observed.keyType).toBe(keyType);
      const validated = validateEncryptionTrait(props());
      expect(validated.ok && expectedKeyType(validated.value)).toBe(keyType);
    },
  );

  it.each([
    [
      'sseType: KMS without kmsKeyId',
      { sseType: 'KMS' },
      /kmsKeyId: is required when sseType is KMS/,
    ],
    [
      'kmsKeyId with AES256',
      { sseType: 'AES256', kmsKeyId: 'alias/chain-cmk' },
      /kmsKeyId: must not be set unless sseType is KMS/,
    ],
    [
      'kmsKeyId with enabled: false',
      { enabled: false, kmsKeyId: 'alias/chain-cmk' },
      /kmsKeyId: must not be set when enabled is false/,
    ],
  ])(
    'row "%s" is refused by the trait, naming the field',
    async (_name, props, message) => {
      const error = await renderAckTables(
        application('refused-table', props),
      ).catch(e => e);
      expect(error).toBeInstanceOf(TraitRefusedError);
      expect(error.message).toMatch(message);
      expect(validateEncryptionTrait(props).ok).toBe(false);
    },
  );

  it('refuses an unknown sseType with CUE’s own error', async () => {
    await expect(
      renderAckTables(application('bad-sse', { sseType: 'DES' })),
    ).rejects.toThrow(/sseType/);
  });

  it('maps protection, streams and tags onto the ACK Table', async () => {
    const app = application('full-table', { sseType: 'KMS', kmsKeyId: cmkArn });
    const component = app.spec.components[0] as any;
    component.properties.tags = { env: 'prod', 'cost-center': 'a: b' };
    component.traits.push(
      {
        type: 'dynamodb-protection-kro',
        properties: { deletionProtection: true, pointInTimeRecovery: true },
      },
      { type: 'dynamodb-streams-kro', properties: { viewType: 'KEYS_ONLY' } },
    );
    const [ack] = await renderAckTables(app);
    expect(ack.spec).toMatchObject({
      tableName: 'full-table',
      billingMode: 'PAY_PER_REQUEST',
      deletionProtectionEnabled: true,
      continuousBackups: { pointInTimeRecoveryEnabled: true },
      streamSpecification: { streamEnabled: true, streamViewType: 'KEYS_ONLY' },
    });
    expect(ack.spec.tags).toHaveLength(2);
    expect(ack.spec.tags).toEqual(
      expect.arrayContaining([
        { key: 'cost-center', value: 'a: b' },
        { key: 'env', value: 'prod' },
      ]),
    );
    expect(ack.metadata.annotations).toEqual({
      'services.k8s.aws/region': region,
    });
    await reconcileApplication(endpoint, accountId, app);
    const { table } = await observedKeyType(
      endpoint,
      accountId,
      region,
      'full-table',
    );
    expect(table.DeletionProtectionEnabled).toBe(true);
    expect(table.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'KEYS_ONLY',
    });
  });
});

describe('the seed examples, through the whole chain', () => {
  const endpoint = sandboxEndpoint();
  // The seed's examples name account 123456789012 and these aliases; the sandbox gets real keys for them.
  const accountId = '123456789012';
  const placeholderArn =
    'arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012';
  let realArn: string;

  beforeAll(async () => {
    realArn = (await createKey(endpoint, accountId, region)).arn;
    for (const alias of [
      'alias/dynamodb-encryption-key',
      'alias/prod-dynamodb-key',
      'alias/prod-key',
    ]) {
      await createKey(endpoint, accountId, region, { alias });
    }
  });

  it.each([
    ['basic-encryption.yaml', 'AWS_OWNED'],
    ['enable-encryption.yaml', 'AWS_OWNED'],
    ['encryption-disabled.yaml', 'AWS_OWNED'],
    ['kms-customer-managed-key.yaml', 'CUSTOMER_MANAGED'],
    ['kms-alias.yaml', 'CUSTOMER_MANAGED'],
    ['encryption-and-protection.yaml', 'CUSTOMER_MANAGED'],
    ['full-security-stack.yaml', 'CUSTOMER_MANAGED'],
  ])('%s gives the %s key', async (file, keyType) => {
    const text = (await readFile(resolve(examplesDir, file), 'utf8')).replace(
      placeholderArn,
      () => realArn,
    );
    const app = parse(text);
    const [result] = await reconcileApplication(endpoint, accountId, app);
    const observed = await observedKeyType(
      endpoint,
      accountId,
      region,
      result.table.spec.tableName,
    );
    expect(observed.keyType).toBe(keyType);
    const traits = app.spec.components[0].traits;
    const validated = validateEncryptionTrait(
      traits.find((t: any) => t.type === 'dynamodb-encryption-kro').properties,
    );
    expect(validated.ok && expectedKeyType(validated.value)).toBe(keyType);
  });

  it('covers every example file', async () => {
    expect((await readdir(examplesDir)).sort()).toEqual(
      [
        'basic-encryption.yaml',
        'enable-encryption.yaml',
        'encryption-and-protection.yaml',
        'encryption-disabled.yaml',
        'full-security-stack.yaml',
        'kms-alias.yaml',
        'kms-customer-managed-key.yaml',
      ].sort(),
    );
  });
});
