import { assessTable, FleetContextCounter } from './assessment';
import { describeEncryption, TableEncryptionObservation } from './describe';

const now = new Date('2026-11-30T00:00:00Z');
const daysAgo = (days: number) =>
  new Date(now.getTime() - days * 86_400_000).toISOString();
const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const keyArn = (account = '111111111111') =>
  `arn:aws:kms:us-east-1:${account}:key/00000000-0000-4000-8000-000000000001`;

function cmk(
  createdDaysAgo: number,
  account = '111111111111',
): TableEncryptionObservation {
  return {
    table,
    sse: {
      Status: 'ENABLED',
      SSEType: 'KMS',
      KMSMasterKeyArn: keyArn(account),
    },
    key: {
      Arn: keyArn(account),
      KeyId: '00000000-0000-4000-8000-000000000001',
      KeyManager: 'CUSTOMER',
      KeyState: 'Enabled',
      CreationDate: daysAgo(createdDaysAgo),
    },
    rotation: { KeyRotationEnabled: true, RotationPeriodInDays: 365 },
  };
}

// Defaults: $1 a key-month, $1 per billed rotation (2 at most), $0.03 per 10,000 requests, 20,000 free
// requests per account, 1 caller refreshing its cached table key every 5 minutes = 8,640 requests a month.
describe('the cost model, derived by hand', () => {
  it('splits the key fee and the rotation charge across the tables sharing the key, and credits the free share', () => {
    const cost = assessTable(cmk(400), {
      now,
      fleet: { kmsKeyArn: keyArn(), tablesSharingKey: 4, accountKmsTables: 4 },
    }).cost;
    // fee 1/4 = 0.25; 1 rotation in 400 days, 1/4 = 0.25; requests 8,640 × 0.03 / 10,000 = 0.02592;
    // free share min(8,640, 20,000 / 4 = 5,000) × 0.03 / 10,000 = 0.015.
    expect(cost.breakdown.map(b => b.monthlyUsd)).toEqual([
      0.25, 0.25, 0.0259, -0.015,
    ]);
    expect(cost.monthlyUsd).toBe(0.5109);
    expect(cost.basis?.kind).toBe('fleet-scan');
  });

  it('caps the rotation charge at two rotations', () => {
    // 3 rotations in 3 years + 10 days, billed 2: $1 + $2 + $0.0259, one table, no free credit.
    const cost = assessTable(cmk(3 * 365 + 10), { now }).cost;
    expect(cost.breakdown[1]).toEqual({
      item: 'Rotation surcharge (2 billed rotations, shared by 1 table)',
      monthlyUsd: 2,
    });
    expect(cost.monthlyUsd).toBe(3.0259);
    expect(cost.basis).toMatchObject({
      kind: 'single-table',
      label: expect.stringContaining("key's only user"),
    });
  });

  it('lets the free requests cover an AWS managed key when the account has few KMS tables', () => {
    // 20,000 / 2 = 10,000 free ≥ 8,640 used: the requests are free.
    const managed: TableEncryptionObservation = {
      table,
      sse: { Status: 'ENABLED', KMSMasterKeyArn: keyArn() },
      key: { Arn: keyArn(), KeyManager: 'AWS', KeyState: 'Enabled' },
    };
    const cost = assessTable(managed, {
      fleet: { kmsKeyArn: keyArn(), tablesSharingKey: 2, accountKmsTables: 2 },
    }).cost;
    expect(cost.breakdown.map(b => b.monthlyUsd)).toEqual([0.0259, -0.0259]);
    expect(cost.monthlyUsd).toBe(0);
  });

  it('ignores a scan context that was about another key', () => {
    const cost = assessTable(cmk(10), {
      now,
      fleet: {
        kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/other',
        tablesSharingKey: 9,
        accountKmsTables: 9,
      },
    }).cost;
    expect(cost.basis?.kind).toBe('single-table');
    expect(cost.breakdown[0].monthlyUsd).toBe(1);
  });

  it('bills a key of another account to that account', () => {
    const assessment = assessTable(cmk(10, '222222222222'), { now });
    expect(assessment.encryption.keyAccountId).toBe('222222222222');
    expect(assessment.cost.billedToAccountId).toBe('222222222222');
  });
});

describe('FleetContextCounter', () => {
  it('counts tables per key across accounts, and KMS-calling tables per key-owner account across regions', () => {
    const row = (
      arn: string,
      accountId: string,
      obs: TableEncryptionObservation,
    ) => ({
      arn,
      accountId,
      encryption: describeEncryption(obs),
    });
    const inB = cmk(10, '222222222222');
    const rows = [
      row('a1', '111111111111', cmk(10)),
      row('a2', '111111111111', {
        ...cmk(10),
        table: { ...table, region: 'eu-west-1' },
      }),
      row('a3', '111111111111', inB),
      row('owned', '111111111111', { table }),
      row('disabled', '111111111111', {
        ...cmk(10),
        key: { ...cmk(10).key, KeyState: 'Disabled' },
      }),
    ];
    const counter = new FleetContextCounter();
    rows.forEach(r => counter.add(r));
    const contexts = new Map(rows.map(r => [r.arn, counter.contextFor(r)]));
    expect(contexts.get('a1')).toMatchObject({
      tablesSharingKey: 3,
      accountKmsTables: 2,
    });
    expect(contexts.get('a3')).toMatchObject({
      tablesSharingKey: 1,
      accountKmsTables: 1,
    });
    expect(contexts.get('owned')).toMatchObject({ tablesSharingKey: 1 });
  });
});

describe('policies on AWS tags', () => {
  const policy = {
    id: 'prod-cmk',
    title: 'Tables tagged env=prod need a CMK',
    severity: 'high' as const,
    when: { awsTags: { env: 'prod' } },
    require: { keyTypes: ['CUSTOMER_MANAGED' as const] },
  };

  it('says a tag policy cannot be checked, and what to grant, when AWS refused the tags', () => {
    const { findings } = assessTable(
      { table },
      {
        policies: [policy],
        awsTagsRefused: {
          action: 'dynamodb:ListTagsOfResource',
          reason: 'access-denied',
          resource: table.arn,
          callerAccountId: '111111111111',
        },
      },
    );
    expect(findings).toContainEqual({
      id: 'policy-prod-cmk-undetermined',
      severity: 'low',
      title:
        'Tables tagged env=prod need a CMK: cannot be checked, AWS refused dynamodb:ListTagsOfResource',
      detail: `Grant dynamodb:ListTagsOfResource on ${table.arn} to the portal's role in account 111111111111.`,
    });
  });

  it('checks the policy when the tags were read', () => {
    const ids = assessTable(
      { table },
      { policies: [policy], awsTags: { env: 'prod' } },
    ).findings.map(f => f.id);
    expect(ids).toContain('policy-prod-cmk');
    expect(ids).not.toContain('policy-prod-cmk-undetermined');
  });
});
