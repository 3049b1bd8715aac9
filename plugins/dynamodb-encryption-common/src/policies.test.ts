import type { FleetRow } from './fleet';
import { evaluatePolicies, FleetPolicy } from './policies';

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
