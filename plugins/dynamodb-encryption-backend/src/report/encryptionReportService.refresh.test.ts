import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CacheService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { DYNAMODB_TABLE_ARN_ANNOTATION } from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createTableAssessmentService,
} from '@dynamodb-encryption/backstage-plugin-node';
import { mockClient } from 'aws-sdk-client-mock';
import { createEncryptionReportService } from './encryptionReportService';
import { EntityAccess } from './entityAccess';
import { STATUS_MAX_AGE_MS, STATUS_REUSE_MS } from './gitOpsReads';
import { memoryStore } from './reportCache';

const ddbMock = mockClient(DynamoDBClient);
const TTL = 300_000;
const manifestUrl = 'https://git.example.com/apps/orders/application.yaml';
const statusUrl = 'https://git.example.com/apps/orders/application.status.json';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]:
        'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
      'dynamodb-encryption.io/application-manifest': manifestUrl,
    },
  },
  spec: { type: 'dynamodb-table' },
};
const ref = { kind: 'resource', namespace: 'default', name: 'orders' };
const manifest = `apiVersion: core.oam.dev/v1beta1
kind: Application
spec:
  components:
    - { name: orders, type: aws-dynamodb-kro, properties: { tableName: orders } }
`;
const refused = {
  application: 'orders',
  phase: 'refused',
  message: 'kmsKeyId: is required when sseType is KMS',
  commit: 'deadbeefcafe',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** A service on our clock, reading Git through `files` (URL → text, or an error to throw). */
function setup(files: Map<string, string | Error>) {
  let clock = Date.now();
  const urlReader = mockServices.urlReader.mock({
    readUrl: jest.fn(async (url: string) => {
      const file = files.get(url);
      if (file === undefined)
        throw Object.assign(new Error('not found'), { name: 'NotFoundError' });
      if (file instanceof Error) throw file;
      return { buffer: async () => Buffer.from(file) } as any;
    }),
  });
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
    cache: memoryStore() as CacheService,
    urlReader,
    cacheTtlMs: TTL,
    staleTtlMs: 86_400_000,
    now: () => clock,
  });
  return {
    report: () => reports.getReport(ref, mockCredentials.user()),
    reads: (url: string) =>
      (urlReader.readUrl as jest.Mock).mock.calls.filter(([u]) => u === url)
        .length,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const flush = () => new Promise(r => setImmediate(r));

beforeEach(() => ddbMock.reset());

describe('EncryptionReportService at the end of its caches’ lifetimes', () => {
  it('answers concurrent requests with the current report while one request refreshes it from AWS', async () => {
    const s = setup(new Map([[manifestUrl, manifest]]));
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    const first = await s.report();

    s.advance(TTL);
    let release!: () => void;
    ddbMock.on(DescribeTableCommand).callsFake(
      () =>
        new Promise(resolve => {
          release = () =>
            resolve({ Table: { TableStatus: 'ACTIVE', TableName: 'orders' } });
        }),
    );
    const served = await Promise.all(
      Array.from({ length: 20 }, () => s.report()),
    );
    expect(served.every(r => r.fetchedAt === first.fetchedAt && !r.stale)).toBe(
      true,
    );
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(2);
    // The manifest (same lifetime) was refreshed once too.
    expect(s.reads(manifestUrl)).toBe(2);

    release();
    await flush();
    expect((await s.report()).fetchedAt).not.toBe(first.fetchedAt);
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(2);
  });

  it('reads the Application status once per reuse period, not on every request', async () => {
    const s = setup(new Map([[manifestUrl, manifest]]));
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    await s.report();
    await s.report();
    expect(s.reads(statusUrl)).toBe(1);
    s.advance(STATUS_REUSE_MS);
    await s.report();
    expect(s.reads(statusUrl)).toBe(2);
  });

  it('keeps a refusal when Git cannot be read, until the status’s maximum age, and never as "no status"', async () => {
    const files = new Map<string, string | Error>([
      [manifestUrl, manifest],
      [statusUrl, JSON.stringify(refused)],
    ]);
    const s = setup(files);
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    const ids = async () => (await s.report()).findings.map(f => f.id);
    expect(await ids()).toContain('application-refused');

    files.set(statusUrl, new Error('connect ECONNREFUSED'));
    s.advance(STATUS_REUSE_MS);
    expect(await ids()).toContain('application-refused');
    await flush();
    s.advance(STATUS_MAX_AGE_MS - STATUS_REUSE_MS - 1);
    expect(await ids()).toContain('application-refused');
    // Past the maximum age the refusal is not shown, and the failure is not remembered as "no status".
    s.advance(1);
    expect(await ids()).not.toContain('application-refused');
    files.set(statusUrl, JSON.stringify(refused));
    expect(await ids()).toContain('application-refused');
  });

  it('keeps the desired state when the manifest cannot be read, and stores nothing when it never could be', async () => {
    const files = new Map<string, string | Error>([
      [manifestUrl, new Error('timeout')],
    ]);
    const s = setup(files);
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    const unreadable = await s.report();
    expect(unreadable.findings.map(f => f.id)).toContain('manifest-unreadable');

    files.set(manifestUrl, manifest);
    expect((await s.report()).desired).toMatchObject({ sseType: 'AES256' });
    expect(s.reads(manifestUrl)).toBe(2);

    files.set(manifestUrl, new Error('timeout'));
    s.advance(TTL);
    await s.report();
    await flush();
    const kept = await s.report();
    expect(kept.desired).toMatchObject({ sseType: 'AES256' });
    expect(kept.findings.map(f => f.id)).not.toContain('manifest-unreadable');
  });
});
