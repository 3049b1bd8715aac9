import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createTableAssessmentService,
} from '@dynamodb-encryption/backstage-plugin-node';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createEncryptionReportService,
  FOLLOW_KEY_CHANGE_MS,
} from './encryptionReportService';
import { EntityAccess } from './entityAccess';

const arn = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const manifestUrl = 'https://git.example.com/apps/orders.yaml';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]: arn,
      [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: manifestUrl,
    },
  },
  spec: { type: 'dynamodb-table' },
};
const ref = { kind: 'resource', namespace: 'default', name: 'orders' };
const app = (properties: string) => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: { name: orders }
spec:
  components:
    - name: orders
      type: aws-dynamodb-kro
      properties: { tableName: orders, region: us-east-1 }
      traits:
        - type: dynamodb-encryption-kro
          properties: ${properties}
`;

/** A cache that keeps what it is given (the report's own clock judges ages). */
function memoryCache() {
  const store = new Map<string, any>();
  return mockServices.cache.mock({
    get: async (key: string) => store.get(key),
    set: async (key: string, value: any) => {
      store.set(key, value);
    },
    delete: async (key: string) => {
      store.delete(key);
    },
  });
}

describe('a table followed while its key changes through Git', () => {
  const ddb = mockClient(DynamoDBClient);
  afterAll(() => ddb.restore());

  it('reads Git on every report and AWS once its last read is 5 s old, for ten minutes, then as cached again', async () => {
    let clock = Date.parse('2026-03-10T12:00:00Z');
    let git = app('{ enabled: false }');
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(async (url: string) => {
        if (url !== manifestUrl) throw new NotFoundError(url);
        const text = git;
        return { buffer: async () => Buffer.from(text) } as any;
      }),
    });
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const reports = createEncryptionReportService({
      access: { entity: async () => entity } as unknown as EntityAccess,
      fleetRow: async () => undefined,
      assessments: createTableAssessmentService(
        createAwsClientFactory(
          new ConfigReader({
            aws: {
              accounts: [
                {
                  accountId: '111111111111',
                  accessKeyId: 'x',
                  secretAccessKey: 'y',
                },
              ],
            },
          }),
        ),
      ),
      logger: mockServices.logger.mock(),
      cache: memoryCache(),
      urlReader,
      cacheTtlMs: 300_000,
      staleTtlMs: 600_000,
      now: () => clock,
    });
    const manifestReads = () =>
      (urlReader.readUrl as jest.Mock).mock.calls.filter(
        ([url]) => url === manifestUrl,
      ).length;
    const report = () => reports.getReport(ref, mockCredentials.user());

    await report();
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(manifestReads()).toBe(1);
    clock += 10_000;
    await report();
    // Cached: neither Git nor AWS read again.
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(manifestReads()).toBe(1);

    reports.follow(arn);
    git = app(
      '{ sseType: KMS, kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012" }',
    );
    // The new commit is read at once; AWS, last read 10 s ago, is read again.
    const after = await report();
    expect(after.desired).toMatchObject({ sseType: 'KMS' });
    expect(manifestReads()).toBe(2);
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(2);
    // AWS read under 5 s ago is reused; Git is read again.
    clock += 2_000;
    await report();
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(2);
    expect(manifestReads()).toBe(3);
    clock += 4_000;
    await report();
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(3);

    // Ten minutes on, the table is cached as any other.
    clock += FOLLOW_KEY_CHANGE_MS;
    await report();
    const settled = ddb.commandCalls(DescribeTableCommand).length;
    const settledGit = manifestReads();
    clock += 1_000;
    await report();
    expect(ddb.commandCalls(DescribeTableCommand)).toHaveLength(settled);
    expect(manifestReads()).toBe(settledGit);
  });
});
