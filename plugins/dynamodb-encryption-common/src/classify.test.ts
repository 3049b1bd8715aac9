import { classifyKeyType, displayAliases } from './classify';
import { describeEncryption } from './describe';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/t1',
  name: 't1',
  accountId: '111111111111',
  region: 'us-east-1',
};
const keyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

describe('classifyKeyType', () => {
  it('treats a missing SSEDescription or disabled SSE as the AWS owned key', () => {
    expect(classifyKeyType({})).toBe('AWS_OWNED');
    expect(classifyKeyType({ sse: { Status: 'DISABLED' } })).toBe('AWS_OWNED');
  });

  it('recognises the AWS managed key by KeyManager (real AWS)', () => {
    expect(
      classifyKeyType({
        sse: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
        key: { KeyManager: 'AWS' },
      }),
    ).toBe('AWS_MANAGED');
  });

  it('recognises the AWS managed key by its alias when KeyManager says CUSTOMER (moto)', () => {
    expect(
      classifyKeyType({
        sse: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
        key: { KeyManager: 'CUSTOMER' },
        aliases: ['alias/aws/dynamodb'],
      }),
    ).toBe('AWS_MANAGED');
    expect(
      classifyKeyType({
        sse: { Status: 'ENABLED', KMSMasterKeyArn: 'alias/aws/dynamodb' },
      }),
    ).toBe('AWS_MANAGED');
  });

  it('classifies any other KMS key as customer managed, in any SSE status', () => {
    expect(
      classifyKeyType({
        sse: { Status: 'UPDATING', KMSMasterKeyArn: keyArn },
        key: { KeyManager: 'CUSTOMER' },
        aliases: ['alias/orders'],
      }),
    ).toBe('CUSTOMER_MANAGED');
  });
});

describe('displayAliases', () => {
  it('drops reserved aliases other than DynamoDB’s and sorts', () => {
    expect(
      displayAliases([
        'alias/z',
        'alias/aws/s3',
        'alias/aws/dynamodb',
        'alias/a',
        'alias/a',
      ]),
    ).toEqual(['alias/a', 'alias/aws/dynamodb', 'alias/z']);
  });
});

describe('describeEncryption', () => {
  it('normalises an echoed alias to the key ARN from DescribeKey', () => {
    const facts = describeEncryption({
      table,
      sse: {
        Status: 'ENABLED',
        SSEType: 'KMS',
        KMSMasterKeyArn: 'alias/orders',
      },
      key: {
        KeyId: '12345678-1234-1234-1234-123456789012',
        Arn: keyArn,
        KeyManager: 'CUSTOMER',
        KeyState: 'Enabled',
      },
      aliases: ['alias/orders'],
      rotation: {
        KeyRotationEnabled: true,
        RotationPeriodInDays: 180,
        NextRotationDate: new Date('2027-01-01T00:00:00Z'),
      },
    });
    expect(facts).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn: keyArn,
      aliases: ['alias/orders'],
      rotation: {
        enabled: true,
        periodDays: 180,
        nextRotationDate: '2027-01-01T00:00:00.000Z',
      },
    });
  });

  it('says AWS rotates AWS managed keys yearly', () => {
    const facts = describeEncryption({
      table,
      sse: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
      key: { Arn: keyArn, KeyManager: 'AWS' },
    });
    expect(facts.rotation).toEqual({
      enabled: true,
      periodDays: 365,
      managedByAws: true,
    });
  });

  it('reports inaccessibility and key deletion dates as ISO strings', () => {
    const facts = describeEncryption({
      table,
      sse: {
        Status: 'ENABLED',
        KMSMasterKeyArn: keyArn,
        InaccessibleEncryptionDateTime: new Date('2026-11-01T00:00:00Z'),
      },
      key: {
        Arn: keyArn,
        KeyManager: 'CUSTOMER',
        KeyState: 'PendingDeletion',
        DeletionDate: '2026-12-01T00:00:00Z',
      },
    });
    expect(facts.inaccessibleSince).toBe('2026-11-01T00:00:00.000Z');
    expect(facts.deletionDate).toBe('2026-12-01T00:00:00.000Z');
  });

  it('shows no key details for the AWS owned key', () => {
    expect(describeEncryption({ table })).toEqual({
      keyType: 'AWS_OWNED',
      sseStatus: undefined,
      aliases: [],
    });
  });
});
