import { complianceExportLines } from './complianceExport';
import type { FleetRow } from './fleet';

const row: FleetRow = {
  table: {
    arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
    name: 'orders',
    accountId: '111111111111',
    region: 'us-east-1',
  },
  encryption: {
    keyType: 'AWS_MANAGED',
    aliases: ['alias/aws/dynamodb'],
    keyState: 'Enabled',
    rotation: { enabled: true, periodDays: 365, managedByAws: true },
  },
  cost: { monthlyUsd: 0, breakdown: [], assumptions: {} },
  findings: [],
  owner: '=HYPERLINK("http://evil")',
  context: { scanId: 7, tablesSharingKey: 1, accountKmsTables: 1 },
};
const snapshot = { id: 7, readAt: '2026-11-30T00:01:00.000Z' };

describe('complianceExportLines', () => {
  it('gives one line per control, read at its scan time', () => {
    const lines = complianceExportLines(row, snapshot);
    expect(lines.length).toBeGreaterThan(8);
    expect(lines.find(l => l.controlId === 'KMS.3')).toEqual({
      tableArn: row.table.arn,
      accountId: '111111111111',
      region: 'us-east-1',
      table: 'orders',
      owner: row.owner,
      framework: 'AWS Security Hub',
      controlId: 'KMS.3',
      title: 'AWS KMS keys should not be deleted unintentionally',
      result: 'evidence-present',
      evidence: 'Key state Enabled: not scheduled for deletion',
      reference:
        'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3',
      readAt: '2026-11-30T00:01:00.000Z',
      scanId: 7,
      stale: false,
    });
  });

  it('dates a row kept from an earlier scan by when it was last read, and names that scan', () => {
    const lines = complianceExportLines(
      {
        ...row,
        context: { ...row.context!, scanId: 5 },
        stale: { since: '2026-11-29T00:00:00.000Z', reason: 'AccessDenied' },
      },
      snapshot,
    );
    expect(lines[0]).toMatchObject({
      readAt: '2026-11-29T00:00:00.000Z',
      scanId: 5,
      stale: true,
    });
    // Without its own scan id, a row is the snapshot's.
    expect(
      complianceExportLines({ ...row, context: undefined }, snapshot)[0],
    ).toMatchObject({ scanId: 7, readAt: snapshot.readAt });
  });
});
