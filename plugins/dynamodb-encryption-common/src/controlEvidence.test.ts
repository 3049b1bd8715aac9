import {
  allOf,
  atRestEvidence,
  ControlEvidence,
  EvidenceRule,
  inTransitEvidence,
  kmsKeyTypeEvidence,
  panUnreadableEvidence,
  retentionEvidence,
  rotationEvidence,
} from './controlEvidence';
import type { EncryptionFacts } from './report';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const kmsKeyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
const owned: EncryptionFacts = { keyType: 'AWS_OWNED', aliases: [] };
const managed: EncryptionFacts = {
  keyType: 'AWS_MANAGED',
  sseStatus: 'ENABLED',
  sseType: 'KMS',
  kmsKeyArn,
  aliases: ['alias/aws/dynamodb'],
  keyState: 'Enabled',
  rotation: { enabled: true, periodDays: 365, managedByAws: true },
};
const cmk: EncryptionFacts = {
  keyType: 'CUSTOMER_MANAGED',
  sseStatus: 'ENABLED',
  sseType: 'KMS',
  kmsKeyArn,
  aliases: ['alias/orders-data'],
  keyState: 'Enabled',
  rotation: {
    enabled: true,
    periodDays: 180,
    nextRotationDate: '2027-01-02T00:00:00.000Z',
  },
  keyPolicy: { verdict: 'allowed', reason: 'A statement allows DynamoDB' },
};
const unknownType: EncryptionFacts = {
  keyType: 'UNKNOWN',
  aliases: [],
  undetermined: {
    reason: 'KMS refused kms:DescribeKey',
    grant: [
      {
        actions: ['kms:DescribeKey'],
        resource: kmsKeyArn,
        accountId: '111111111111',
      },
    ],
  },
};

const run = (
  rule: EvidenceRule,
  encryption: EncryptionFacts,
  status?: string,
) => rule({ table: { ...table, status }, encryption });
const result = (e: ControlEvidence) => e.result;

describe('atRestEvidence', () => {
  it('finds encryption at rest DynamoDB can still decrypt, and says so for the AWS owned key', () => {
    expect(run(atRestEvidence, owned)).toEqual({
      result: 'evidence-present',
      evidence: expect.stringContaining('AWS owned key'),
    });
    expect(run(atRestEvidence, cmk)).toEqual({
      result: 'evidence-present',
      evidence:
        'Server-side encryption ENABLED (SSEType KMS) under the customer managed key alias/orders-data, key state Enabled',
    });
  });

  it('is missing when the key is unusable or the table inaccessible, unknown when the state was not read', () => {
    expect(run(atRestEvidence, { ...cmk, keyState: 'Disabled' })).toEqual({
      result: 'evidence-missing',
      evidence: expect.stringContaining('key state Disabled'),
    });
    expect(
      result(run(atRestEvidence, cmk, 'INACCESSIBLE_ENCRYPTION_CREDENTIALS')),
    ).toBe('evidence-missing');
    expect(
      run(atRestEvidence, {
        ...managed,
        keyState: undefined,
        undetermined: unknownType.undetermined,
      }),
    ).toEqual({
      result: 'unknown',
      evidence: expect.stringContaining(
        "key's state was not read (KMS refused kms:DescribeKey)",
      ),
    });
    expect(run(atRestEvidence, unknownType)).toEqual({
      result: 'unknown',
      evidence:
        'What protects the table is unknown (KMS refused kms:DescribeKey)',
    });
  });
});

describe('rotationEvidence', () => {
  it('finds rotation with its period, and the AWS managed key rotated yearly by AWS', () => {
    expect(run(rotationEvidence, cmk)).toEqual({
      result: 'evidence-present',
      evidence: 'Automatic rotation is on, every 180 days, next 2027-01-02',
    });
    expect(
      run(rotationEvidence, { ...cmk, rotation: { enabled: true } }).evidence,
    ).toBe(
      'Automatic rotation is on, period not reported (the KMS default is 365 days)',
    );
    expect(run(rotationEvidence, managed)).toEqual({
      result: 'evidence-present',
      evidence: expect.stringContaining('AWS KMS rotates it every 365 days'),
    });
  });

  it('is missing when rotation is off or invisible (AWS owned), unknown when it was not read', () => {
    expect(
      run(rotationEvidence, {
        ...cmk,
        rotation: { enabled: false },
        origin: 'EXTERNAL',
      }),
    ).toEqual({
      result: 'evidence-missing',
      evidence:
        'Automatic rotation is off (GetKeyRotationStatus: KeyRotationEnabled false); a key of origin EXTERNAL cannot rotate automatically',
    });
    expect(
      run(rotationEvidence, {
        ...cmk,
        keyState: 'PendingDeletion',
        rotation: { enabled: false },
      }).evidence,
    ).toContain('a key pending deletion reports rotation off');
    expect(result(run(rotationEvidence, owned))).toBe('evidence-missing');
    expect(run(rotationEvidence, { ...cmk, rotation: undefined })).toEqual({
      result: 'unknown',
      evidence: "The key's rotation was not read",
    });
    expect(
      result(run(rotationEvidence, { ...cmk, keyState: 'NotFound' })),
    ).toBe('unknown');
    expect(result(run(rotationEvidence, unknownType))).toBe('unknown');
  });
});

describe('retentionEvidence', () => {
  it('finds a kept key, and misses one scheduled for deletion or gone', () => {
    expect(run(retentionEvidence, cmk)).toEqual({
      result: 'evidence-present',
      evidence: 'Key state Enabled: not scheduled for deletion',
    });
    expect(
      run(retentionEvidence, {
        ...cmk,
        keyState: 'PendingDeletion',
        deletionDate: '2026-12-24T00:00:00.000Z',
      }),
    ).toEqual({
      result: 'evidence-missing',
      evidence: 'The key is scheduled for deletion on 2026-12-24',
    });
    expect(
      result(run(retentionEvidence, { ...cmk, keyState: 'NotFound' })),
    ).toBe('evidence-missing');
    expect(
      result(run(retentionEvidence, { ...cmk, keyState: undefined })),
    ).toBe('unknown');
    expect(result(run(retentionEvidence, owned))).toBe('unknown');
  });
});

describe('kmsKeyTypeEvidence', () => {
  it('reads only the key type, and the SSE type DynamoDB reported when the key could not be read', () => {
    expect(result(run(kmsKeyTypeEvidence, managed))).toBe('evidence-present');
    expect(result(run(kmsKeyTypeEvidence, cmk))).toBe('evidence-present');
    expect(result(run(kmsKeyTypeEvidence, owned))).toBe('evidence-missing');
    expect(result(run(kmsKeyTypeEvidence, unknownType))).toBe('unknown');
    expect(
      result(run(kmsKeyTypeEvidence, { ...unknownType, sseType: 'KMS' })),
    ).toBe('evidence-present');
  });
});

describe('what the portal cannot see', () => {
  it('leaves transmission encryption and PAN rendering unknown, whatever the key', () => {
    for (const facts of [owned, managed, cmk, unknownType]) {
      expect(result(run(inTransitEvidence, facts))).toBe('unknown');
      expect(result(run(panUnreadableEvidence, facts))).toBe('unknown');
    }
  });
});

describe('allOf', () => {
  it('is present only when every part is, missing when any part is, unknown otherwise', () => {
    const both = allOf(retentionEvidence, rotationEvidence);
    expect(run(both, cmk)).toEqual({
      result: 'evidence-present',
      evidence:
        'Key state Enabled: not scheduled for deletion; Automatic rotation is on, every 180 days, next 2027-01-02',
    });
    expect(result(run(both, { ...cmk, rotation: undefined }))).toBe('unknown');
    expect(
      run(both, { ...cmk, rotation: undefined, keyState: 'PendingDeletion' }),
    ).toEqual({
      result: 'evidence-missing',
      evidence: 'The key is scheduled for deletion',
    });
  });
});
