import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  KMSClient,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  FleetPolicy,
} from '@dynamodb-encryption/backstage-plugin-common';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createAwsClientFactory,
  createTableAssessmentService,
} from '@dynamodb-encryption/backstage-plugin-node';
import { createEncryptionReportService } from './encryptionReportService';
import { EntityAccess } from './entityAccess';

const ddbMock = mockClient(DynamoDBClient);
const kmsMock = mockClient(KMSClient);
const keyId = '12345678-1234-1234-1234-123456789012';
const keyArn = `arn:aws:kms:us-east-1:111111111111:key/${keyId}`;
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]:
        'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
    },
  },
  spec: { type: 'dynamodb-table' },
};
const ref = { kind: 'resource', namespace: 'default', name: 'orders' };

/** An in-memory cache that honours TTLs given in milliseconds. */
function memoryCache() {
  const store = new Map<string, { value: any; expires: number }>();
  return mockServices.cache.mock({
    get: async (key: string) => {
      const entry = store.get(key);
      return entry && entry.expires > Date.now() ? entry.value : undefined;
    },
    set: async (key: string, value: any, options?: { ttl?: any }) => {
      store.set(key, {
        value,
        expires: Date.now() + (options?.ttl ?? Infinity),
      });
    },
  });
}

function service(
  cacheTtlMs = 0,
  options: {
    entity?: Entity;
    policies?: FleetPolicy[];
    urlReader?: ReturnType<typeof mockServices.urlReader.mock>;
    row?: { owner?: string };
  } = {},
) {
  const access = {
    entity: async () => options.entity ?? entity,
    entities: async () => [],
  } as unknown as EntityAccess;
  return createEncryptionReportService({
    access,
    fleetRow: async () => options.row,
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
    urlReader: options.urlReader ?? mockServices.urlReader.mock(),
    cacheTtlMs,
    staleTtlMs: 86_400_000,
    context: { policies: options.policies },
  });
}

beforeEach(() => {
  ddbMock.reset();
  kmsMock.reset();
});

describe('EncryptionReportService', () => {
  it('serves the last report marked stale when AWS stops answering', async () => {
    const reports = service(0);
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    const first = await reports.getReport(ref, mockCredentials.user());
    expect(first.stale).toBe(false);

    ddbMock
      .on(DescribeTableCommand)
      .rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    const second = await reports.getReport(ref, mockCredentials.user());
    expect(second).toMatchObject({
      stale: true,
      fetchedAt: first.fetchedAt,
      encryption: { keyType: 'AWS_OWNED' },
    });
    expect(second.staleReason).toMatch(/did not answer/);
  });

  it('coalesces concurrent cold requests into one AWS read', async () => {
    const reports = service(60_000);
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    await Promise.all(
      Array.from({ length: 5 }, () =>
        reports.getReport(ref, mockCredentials.user()),
      ),
    );
    expect(ddbMock.commandCalls(DescribeTableCommand)).toHaveLength(1);
  });

  it('reads the Application manifest once per cache period, not on every report', async () => {
    const manifest =
      'apiVersion: core.oam.dev/v1beta1\nkind: Application\nspec:\n  components:\n    - { name: orders, type: aws-dynamodb-kro, properties: { tableName: orders } }\n';
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(
        async () => ({ buffer: async () => Buffer.from(manifest) } as any),
      ),
    });
    const withManifest: Entity = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'dynamodb-encryption.io/application-manifest':
            'https://git.example.com/orders.yaml',
        },
      },
    };
    const reports = service(60_000, { entity: withManifest, urlReader });
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    const first = await reports.getReport(ref, mockCredentials.user());
    await reports.getReport(ref, mockCredentials.user());
    expect(first.desired).toMatchObject({ enabled: true, sseType: 'AES256' });
    const manifestReads = (urlReader.readUrl as jest.Mock).mock.calls.filter(
      ([url]) => url === 'https://git.example.com/orders.yaml',
    );
    expect(manifestReads).toHaveLength(1);
  });

  describe('when the GitOps side refused the Application', () => {
    const status = {
      application: 'orders',
      phase: 'refused',
      message:
        'dynamodb-encryption-kro: kmsKeyId: is required when sseType is KMS',
      commit: 'deadbeefcafe',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const withStatus = () => {
      const urlReader = mockServices.urlReader.mock({
        readUrl: jest.fn(async (url: string) => {
          if (
            url !==
            'https://git.example.com/apps/orders/application.status.json'
          )
            throw Object.assign(new Error('not found'), {
              name: 'NotFoundError',
            });
          return {
            buffer: async () => Buffer.from(JSON.stringify(status)),
          } as any;
        }),
      });
      const refusedEntity: Entity = {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            'dynamodb-encryption.io/application-manifest':
              'https://git.example.com/apps/orders/application.yaml',
          },
        },
      };
      return service(0, { entity: refusedEntity, urlReader });
    };
    const sentence =
      'The GitOps reconciler refused Application orders at commit deadbeef: dynamodb-encryption-kro: kmsKeyId: is required when sseType is KMS';

    it('says why a table that never came to be is missing', async () => {
      ddbMock.on(DescribeTableCommand).rejects(
        Object.assign(new Error('gone'), {
          name: 'ResourceNotFoundException',
        }),
      );
      await expect(
        withStatus().getReport(ref, mockCredentials.user()),
      ).rejects.toThrow(sentence);
    });

    it('adds the refusal as a finding when an earlier commit made the table', async () => {
      ddbMock
        .on(DescribeTableCommand)
        .resolves({ Table: { TableStatus: 'ACTIVE' } });
      const report = await withStatus().getReport(ref, mockCredentials.user());
      expect(report.findings).toContainEqual(
        expect.objectContaining({ id: 'application-refused', title: sentence }),
      );
    });
  });

  it('judges a discovered table unowned as the fleet does: by the owner tag its scan found', async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    const discovered: Entity = {
      ...entity,
      metadata: {
        ...entity.metadata,
        tags: ['dynamodb'],
        annotations: {
          ...entity.metadata.annotations,
          [DISCOVERED_TABLE_ANNOTATION]: 'true',
        },
      },
    };
    const ids = async (row?: { owner?: string }) =>
      (
        await service(0, { entity: discovered, row }).getReport(
          ref,
          mockCredentials.user(),
        )
      ).findings.map(f => f.id);
    expect(await ids({})).toContain('unowned-table');
    expect(await ids({ owner: 'group:default/team-a' })).not.toContain(
      'unowned-table',
    );
    // Before any scan saw it, ownership is unknown: not reported as unowned.
    expect(await ids(undefined)).not.toContain('unowned-table');
    // A Git-declared entity declares its table.
    expect(
      (
        await service(0, { row: {} }).getReport(ref, mockCredentials.user())
      ).findings.map(f => f.id),
    ).not.toContain('unowned-table');
  });

  it('returns a partial report naming the permission to grant when KMS denies a read', async () => {
    const reports = service();
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        SSEDescription: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
      },
    });
    kmsMock.on(DescribeKeyCommand).resolves({
      KeyMetadata: {
        KeyId: keyId,
        Arn: keyArn,
        KeyManager: 'CUSTOMER',
        KeyState: 'Enabled',
      },
    });
    kmsMock
      .on(ListAliasesCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
      );
    const report = await reports.getReport(ref, mockCredentials.user());
    expect(report.encryption).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn: keyArn,
    });
    const finding = report.findings.find(f => f.id === 'kms-access-denied');
    expect(finding?.title).toContain('kms:ListAliases');
    expect(finding?.detail).toBe(
      `Grant kms:ListAliases on ${keyArn} (account 111111111111) to the role the portal uses (IAM policy, and the key policy for a key of another account).`,
    );
  });

  it('says a policy on AWS tags cannot be checked when ListTagsOfResource is denied', async () => {
    const reports = service(0, {
      policies: [
        {
          id: 'prod-cmk',
          title: 'Tables tagged env=prod need a CMK',
          severity: 'high',
          when: { awsTags: { env: 'prod' } },
          require: { keyTypes: ['CUSTOMER_MANAGED'] },
        },
      ],
    });
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    ddbMock
      .on(ListTagsOfResourceCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
      );
    const report = await reports.getReport(ref, mockCredentials.user());
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        id: 'policy-prod-cmk-undetermined',
        detail: expect.stringContaining('dynamodb:ListTagsOfResource'),
      }),
    );
  });
});
