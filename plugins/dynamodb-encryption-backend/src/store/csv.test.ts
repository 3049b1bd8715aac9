import {
  ComplianceExportLine,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  complianceCsvHeader,
  complianceCsvLines,
  fleetCsvHeader,
  fleetCsvLine,
} from './csv';

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
    rotation: { enabled: true, managedByAws: true },
  },
  cost: { monthlyUsd: 0.0259, breakdown: [], assumptions: {} },
  findings: [
    { id: 'compliance-customer-managed-key', severity: 'medium', title: 'x' },
  ],
  owner: '=HYPERLINK("http://evil")',
};

describe('fleet CSV', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    expect(fleetCsvHeader()).toBe(
      'arn,account,region,table,keyType,kmsKeyArn,aliases,keyState,rotation,monthlyUsd,owner,findings\n',
    );
    expect(fleetCsvLine(row)).toBe(
      `arn:aws:dynamodb:us-east-1:111111111111:table/orders,111111111111,us-east-1,orders,AWS_MANAGED,,alias/aws/dynamodb,,"Automatic, yearly (by AWS)",0.0259,"'=HYPERLINK(""http://evil"")",compliance-customer-managed-key\n`,
    );
  });
});

describe('compliance CSV', () => {
  it('has a header and neutralises spreadsheet formulas', () => {
    expect(complianceCsvHeader()).toBe(
      'tableArn,accountId,region,table,owner,framework,controlId,title,result,evidence,reference,readAt,scanId,stale\n',
    );
    const line: ComplianceExportLine = {
      tableArn: row.table.arn,
      accountId: '111111111111',
      region: 'us-east-1',
      table: 'orders',
      owner: '=HYPERLINK("http://evil")',
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
    };
    expect(complianceCsvLines([line])).toBe(
      `${row.table.arn},111111111111,us-east-1,orders,"'=HYPERLINK(""http://evil"")",AWS Security Hub,KMS.3,AWS KMS keys should not be deleted unintentionally,evidence-present,Key state Enabled: not scheduled for deletion,https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3,2026-11-30T00:01:00.000Z,7,false\n`,
    );
    expect(complianceCsvLines([])).toBe('');
  });
});
