import { keyFindings, sortFindings } from './findings';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/t1',
  name: 't1',
  accountId: '111111111111',
  region: 'us-east-1',
};
const kmsKeyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

describe('keyFindings', () => {
  it('flags a disabled customer managed key as critical with the command that fixes it', () => {
    const [finding] = keyFindings(table, {
      keyType: 'CUSTOMER_MANAGED',
      aliases: [],
      kmsKeyArn,
      keyState: 'Disabled',
      rotation: { enabled: false },
    });
    expect(finding).toMatchObject({ id: 'key-disabled', severity: 'critical' });
    expect(finding.remediation).toBe(
      `aws kms enable-key --key-id '${kmsKeyArn}' --region 'us-east-1'`,
    );
  });

  it('flags pending deletion with its date', () => {
    expect(
      keyFindings(table, {
        keyType: 'CUSTOMER_MANAGED',
        aliases: [],
        kmsKeyArn,
        keyState: 'PendingDeletion',
        deletionDate: '2026-12-30T00:00:00.000Z',
      })[0].title,
    ).toContain('2026-12-30');
  });

  it('has nothing to say about a healthy rotated key', () => {
    expect(
      keyFindings(table, {
        keyType: 'CUSTOMER_MANAGED',
        aliases: [],
        kmsKeyArn,
        keyState: 'Enabled',
        rotation: { enabled: true },
      }),
    ).toEqual([]);
  });

  it('quotes values so a remediation command cannot be broken out of', () => {
    const [finding] = keyFindings(
      { ...table, region: "us-east-1'; rm -rf /; '" },
      {
        keyType: 'CUSTOMER_MANAGED',
        aliases: [],
        kmsKeyArn,
        keyState: 'Disabled',
      },
    );
    expect(finding.remediation).toContain(
      `--region 'us-east-1'\\''; rm -rf /; '\\'''`,
    );
  });
});

describe('sortFindings', () => {
  it('puts the most severe first', () => {
    expect(
      sortFindings([
        { id: 'a', severity: 'info', title: '' },
        { id: 'b', severity: 'critical', title: '' },
        { id: 'c', severity: 'medium', title: '' },
      ]).map(f => f.id),
    ).toEqual(['b', 'c', 'a']);
  });
});
