import { ackDelta, readBack } from './ackCompare';
import type { AckTable } from './ack';

const keyArn =
  'arn:aws:kms:us-east-1:111122223333:key/12345678-1234-1234-1234-123456789012';

/** DescribeTable of an on-demand table without stream or SSE, as AWS returns it. */
const described = {
  TableName: 'orders',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' as const },
  ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
  DeletionProtectionEnabled: false,
};
const latest = readBack(
  described,
  {
    ContinuousBackupsStatus: 'ENABLED',
    PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
  },
  [],
);
const desired = (spec: Partial<AckTable['spec']> = {}): AckTable['spec'] => ({
  tableName: 'orders',
  billingMode: 'PAY_PER_REQUEST',
  attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
  keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
  sseSpecification: { enabled: false },
  deletionProtectionEnabled: false,
  continuousBackups: { pointInTimeRecoveryEnabled: false },
  tags: [],
  ...spec,
});

describe('ackDelta, as ACK’s delta.go and customPreCompare decide', () => {
  it('finds no difference for what the RGD renders for an unchanged table', () => {
    expect(ackDelta(desired(), latest)).toEqual([]);
  });

  it('would find one forever for {streamEnabled: false}: why the RGD renders no stream at all', () => {
    expect(
      ackDelta(
        desired({ streamSpecification: { streamEnabled: false } }),
        latest,
      ),
    ).toEqual(['streamSpecification']);
  });

  it('takes the AWS managed key without a key id as equal, and a CMK only by its ARN', () => {
    const kms = readBack(
      {
        ...described,
        SSEDescription: {
          Status: 'ENABLED',
          SSEType: 'KMS',
          KMSMasterKeyArn: keyArn,
        },
      },
      undefined,
      [],
    );
    const sse = (s: Record<string, unknown>) =>
      desired({
        sseSpecification: s,
        continuousBackups: { pointInTimeRecoveryEnabled: false },
      });
    expect(ackDelta(sse({ enabled: true, sseType: 'KMS' }), kms)).toEqual([]);
    expect(
      ackDelta(
        sse({ enabled: true, sseType: 'KMS', kmsMasterKeyID: keyArn }),
        kms,
      ),
    ).toEqual([]);
    expect(
      ackDelta(
        sse({ enabled: true, sseType: 'KMS', kmsMasterKeyID: 'alias/orders' }),
        kms,
      ),
    ).toEqual(['sseSpecification']);
  });

  it('compares capacity only with PROVISIONED', () => {
    const provisioned = readBack(
      {
        ...described,
        BillingModeSummary: undefined,
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      },
      undefined,
      [],
    );
    const want = (r: number) =>
      desired({
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: r, writeCapacityUnits: 5 },
      });
    expect(ackDelta(want(5), provisioned)).toEqual([]);
    expect(ackDelta(want(6), provisioned)).toEqual(['provisionedThroughput']);
    expect(ackDelta(desired(), provisioned)).toEqual([
      'billingMode',
      'provisionedThroughput',
    ]);
  });
});
