import {
  evaluatePolicies,
  FleetPolicy,
  FleetRow,
  fleetCsvHeader,
  fleetCsvLine,
} from './fleet';

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
const policy: FleetPolicy = {
  id: 'prod',
  title: 'Prod needs a CMK',
  severity: 'high',
  when: { awsTags: { env: 'prod' } },
  require: { keyTypes: ['CUSTOMER_MANAGED'] },
};

describe('evaluatePolicies', () => {
  it('applies a policy only to the tables its conditions select', () => {
    expect(
      evaluatePolicies([policy], row, { awsTags: { env: 'prod' } }),
    ).toEqual([
      {
        id: 'policy-prod',
        severity: 'high',
        title: 'Prod needs a CMK: key type is AWS_MANAGED',
      },
    ]);
    expect(
      evaluatePolicies([policy], row, { awsTags: { env: 'dev' } }),
    ).toEqual([]);
    expect(
      evaluatePolicies([{ ...policy, when: { entityTags: ['prod'] } }], row, {
        entityTags: ['prod'],
      }),
    ).toHaveLength(1);
    expect(
      evaluatePolicies([{ ...policy, when: { regions: ['eu-west-1'] } }], row),
    ).toEqual([]);
  });
});

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
