import {
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KeyMetadata,
  KMSClient,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  FleetPolicy,
  formatTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createTableAssessmentService,
} from '@dynamodb-encryption/backstage-plugin-node';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { createEncryptionReportService } from './encryptionReportService';
import { EntityAccess } from './entityAccess';
import { createFleetScanner } from '../scan/fleetScanner';
import { FleetStore } from '../store/fleetStore';

// States moto cannot show (KeyManager AWS, denied reads, missing keys, PendingImport, Unavailable,
// INACCESSIBLE tables), read through the same code paths as the sandbox's, via aws-sdk-client-mock.
const ddb = mockClient(DynamoDBClient);
const kms = mockClient(KMSClient);
// The scan reads every region's tags; these tables have none.
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const account = '111111111111';
const other = '999999999999';
const region = 'us-east-1';
const keyArn = (n: number, acct = account) =>
  `arn:aws:kms:${region}:${acct}:key/00000000-0000-4000-8000-${String(
    n,
  ).padStart(12, '0')}`;
const denied = () =>
  Object.assign(new Error('not authorized'), {
    name: 'AccessDeniedException',
    $metadata: {},
  });
const notFound = () =>
  Object.assign(new Error('no such key'), {
    name: 'NotFoundException',
    $metadata: {},
  });
const dynamoDbPolicy = JSON.stringify({
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey'],
      Condition: {
        StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` },
      },
    },
  ],
});

interface State {
  table: string;
  sse?: TableDescription['SSEDescription'];
  status?: TableDescription['TableStatus'];
  describeTableDenied?: boolean;
  key?: {
    n: number;
    acct?: string;
    meta?: Partial<KeyMetadata>;
    error?: () => Error;
  };
  aliases?: string[];
  rotation?: boolean;
  keyType: string;
  has: string[];
  hasNot?: string[];
}

const sse = (n: number, acct = account) => ({
  Status: 'ENABLED' as const,
  SSEType: 'KMS' as const,
  KMSMasterKeyArn: keyArn(n, acct),
});
const cmk = (state = 'Enabled') => ({
  KeyManager: 'CUSTOMER' as const,
  KeyState: state as any,
});

const STATES: State[] = [
  {
    table: 'owned',
    keyType: 'AWS_OWNED',
    has: ['aws-owned-key', 'compliance-kms-encryption'],
  },
  {
    table: 'managed',
    sse: sse(1),
    key: { n: 1, meta: { KeyManager: 'AWS', KeyState: 'Enabled' } },
    keyType: 'AWS_MANAGED',
    has: ['compliance-customer-managed-key'],
    hasNot: ['compliance-key-rotation'],
  },
  {
    table: 'managed-denied',
    sse: sse(2),
    key: { n: 2, error: denied },
    aliases: ['alias/aws/dynamodb'],
    keyType: 'AWS_MANAGED',
    has: ['kms-access-denied'],
    hasNot: ['encryption-undetermined'],
  },
  {
    table: 'cmk-rotated',
    sse: sse(3),
    key: { n: 3, meta: cmk() },
    aliases: ['alias/orders'],
    rotation: true,
    keyType: 'CUSTOMER_MANAGED',
    has: [],
    hasNot: ['compliance-key-rotation', 'unowned-table'],
  },
  {
    table: 'cmk-rotated-too',
    sse: sse(3),
    key: { n: 3, meta: cmk() },
    aliases: ['alias/orders'],
    rotation: true,
    keyType: 'CUSTOMER_MANAGED',
    has: [],
    hasNot: ['compliance-key-rotation'],
  },
  {
    table: 'cmk-unrotated',
    sse: sse(4),
    key: { n: 4, meta: cmk() },
    rotation: false,
    keyType: 'CUSTOMER_MANAGED',
    has: ['compliance-key-rotation', 'policy-prod-rotated'],
  },
  {
    table: 'disabled',
    sse: sse(5),
    key: { n: 5, meta: cmk('Disabled') },
    rotation: false,
    keyType: 'CUSTOMER_MANAGED',
    has: ['key-disabled'],
  },
  {
    table: 'pending-deletion',
    sse: sse(6),
    key: { n: 6, meta: cmk('PendingDeletion') },
    keyType: 'CUSTOMER_MANAGED',
    has: ['key-pending-deletion'],
  },
  {
    table: 'missing-key',
    sse: sse(7),
    key: { n: 7, error: notFound },
    keyType: 'CUSTOMER_MANAGED',
    has: ['key-missing'],
    hasNot: ['compliance-key-rotation'],
  },
  {
    table: 'key-denied',
    sse: sse(8),
    key: { n: 8, error: denied },
    keyType: 'UNKNOWN',
    has: ['encryption-undetermined'],
    hasNot: ['compliance-customer-managed-key'],
  },
  {
    table: 'cross-account-denied',
    sse: sse(9, other),
    key: { n: 9, acct: other, error: denied },
    keyType: 'UNKNOWN',
    has: ['encryption-undetermined'],
  },
  {
    table: 'table-denied',
    describeTableDenied: true,
    keyType: 'UNKNOWN',
    has: ['encryption-undetermined'],
  },
  {
    table: 'inaccessible',
    status: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS',
    sse: {
      ...sse(10),
      InaccessibleEncryptionDateTime: new Date('2026-11-28T00:00:00Z'),
    },
    key: { n: 10, meta: cmk('Disabled') },
    keyType: 'CUSTOMER_MANAGED',
    has: ['table-inaccessible', 'key-disabled'],
  },
  {
    table: 'pending-import',
    sse: sse(11),
    key: { n: 11, meta: cmk('PendingImport') },
    keyType: 'CUSTOMER_MANAGED',
    has: ['key-pending-import'],
  },
  {
    table: 'unavailable',
    sse: sse(12),
    key: { n: 12, meta: cmk('Unavailable') },
    keyType: 'CUSTOMER_MANAGED',
    has: ['key-unavailable'],
  },
  {
    table: 'sse-without-key',
    sse: { Status: 'ENABLED' },
    keyType: 'UNKNOWN',
    has: ['encryption-undetermined'],
  },
];

const policies: FleetPolicy[] = [
  {
    id: 'prod-rotated',
    title: 'Production tables need a rotated CMK',
    severity: 'high',
    when: { entityTags: ['prod'] },
    require: { keyTypes: ['CUSTOMER_MANAGED'], rotation: true },
  },
];

function mockAws() {
  ddb.on(ListTablesCommand).resolves({ TableNames: STATES.map(s => s.table) });
  kms.on(ListAliasesCommand).resolves({ Aliases: [] });
  for (const s of STATES) {
    const described = ddb.on(DescribeTableCommand, { TableName: s.table });
    if (s.describeTableDenied) described.rejects(denied());
    else
      described.resolves({
        Table: {
          TableName: s.table,
          TableStatus: s.status ?? 'ACTIVE',
          SSEDescription: s.sse,
        },
      });
    if (!s.key) continue;
    const arn = keyArn(s.key.n, s.key.acct);
    const keyId = arn.split('/')[1];
    if (s.key.error)
      kms.on(DescribeKeyCommand, { KeyId: arn }).rejects(s.key.error());
    else
      kms
        .on(DescribeKeyCommand, { KeyId: arn })
        .resolves({ KeyMetadata: { KeyId: keyId, Arn: arn, ...s.key.meta } });
    const aliases = (s.aliases ?? []).map(AliasName => ({
      AliasName,
      TargetKeyId: keyId,
    }));
    kms.on(ListAliasesCommand, { KeyId: keyId }).resolves({ Aliases: aliases });
    kms
      .on(GetKeyRotationStatusCommand, { KeyId: keyId })
      .resolves({ KeyRotationEnabled: !!s.rotation });
    kms
      .on(GetKeyPolicyCommand, { KeyId: keyId })
      .resolves({ Policy: dynamoDbPolicy });
  }
  // The region's alias list, as the scan reads it once.
  kms.on(ListAliasesCommand, {}).resolves({
    Aliases: STATES.flatMap(s =>
      (s.aliases ?? []).map(AliasName => ({
        AliasName,
        TargetKeyId: keyArn(s.key!.n, s.key!.acct).split('/')[1],
      })),
    ),
  });
}

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    tags: ['prod'],
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]: formatTableArn({
        accountId: account,
        region,
        tableName: name,
      }),
    },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/team' },
});

describe('one assessment: the report and the fleet row say the same', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('agrees on key type, key ARN, cost to the cent and finding ids for every state', async () => {
    ddb.reset();
    kms.reset();
    tagging.reset();
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    mockAws();
    const clients = createAwsClientFactory(
      new ConfigReader({
        aws: {
          accounts: [
            { accountId: account, accessKeyId: 'x', secretAccessKey: 'y' },
          ],
        },
      }),
    );
    const knex = await databases.init('SQLITE_3');
    const store = await FleetStore.create(mockServices.database({ knex }), {
      retainScans: 2,
    });
    const entities = STATES.map(s => entity(s.table));
    const scanner = createFleetScanner({
      clients,
      store,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      targets: [{ accountId: account, regions: [region] }],
      policies,
      concurrency: 4,
    });
    await scanner.scan();
    expect(await store.latestScan()).toMatchObject({
      status: 'complete',
      errors: [],
    });

    const reports = createEncryptionReportService({
      access: {
        entity: async (ref: { name: string }) => entity(ref.name),
        entities: async () => [],
      } as unknown as EntityAccess,
      assessments: createTableAssessmentService(clients),
      fleetRow: arn => store.latestRow(arn),
      logger: mockServices.logger.mock(),
      cache: mockServices.cache.mock(),
      urlReader: mockServices.urlReader.mock(),
      cacheTtlMs: 0,
      staleTtlMs: 0,
      context: { policies },
    });

    for (const s of STATES) {
      const arn = formatTableArn({
        accountId: account,
        region,
        tableName: s.table,
      });
      const row = (await store.latestRow(arn))!;
      const report = await reports.getReport(
        { kind: 'resource', namespace: 'default', name: s.table },
        mockCredentials.user(),
      );
      const said = (r: typeof row | typeof report) => ({
        table: s.table,
        keyType: r.encryption.keyType,
        kmsKeyArn: r.encryption.kmsKeyArn,
        monthlyUsd: r.cost!.monthlyUsd.toFixed(2),
        findings: r.findings.map(f => f.id).sort(),
      });
      expect(said(report)).toEqual(said(row));
      expect(row.encryption.keyType).toBe(s.keyType);
      for (const id of s.has)
        expect({ table: s.table, ids: said(row).findings }).toEqual({
          table: s.table,
          ids: expect.arrayContaining([id]),
        });
      for (const id of s.hasNot ?? [])
        expect({ table: s.table, ids: said(row).findings }).not.toEqual({
          table: s.table,
          ids: expect.arrayContaining([id]),
        });
      // Unknown key type: no cost is guessed and the reason is given; known ones carry a cost.
      expect({ table: s.table, unknownCost: !!row.cost.unknown }).toEqual({
        table: s.table,
        unknownCost: s.keyType === 'UNKNOWN',
      });
      expect({ table: s.table, reason: !!row.encryption.undetermined }).toEqual(
        {
          table: s.table,
          reason:
            s.keyType === 'UNKNOWN' || s.has.includes('kms-access-denied'),
        },
      );
    }

    const row = async (name: string) =>
      (await store.latestRow(
        formatTableArn({ accountId: account, region, tableName: name }),
      ))!;
    // A key shared by two tables: its $1 fee is split in both views.
    expect((await row('cmk-rotated')).cost.breakdown[0]).toEqual({
      item: 'Key fee (shared by 2 tables)',
      monthlyUsd: 0.5,
    });
    // A missing key costs nothing and is never "healthy".
    expect((await row('missing-key')).cost.monthlyUsd).toBe(0);
    expect((await row('missing-key')).findings[0]).toMatchObject({
      id: 'key-missing',
      severity: 'critical',
    });
    // The key of another account is named, with what to grant there.
    expect((await row('cross-account-denied')).encryption).toMatchObject({
      keyAccountId: other,
      undetermined: { reason: expect.stringContaining(`in account ${other}`) },
    });
    // DescribeTable denied: which permission is missing, for which account's role.
    expect((await row('table-denied')).encryption.undetermined?.grant).toEqual([
      {
        actions: ['dynamodb:DescribeTable'],
        resource: formatTableArn({
          accountId: account,
          region,
          tableName: 'table-denied',
        }),
        accountId: account,
      },
    ]);
    // AWS managed keys rotate yearly, automatically.
    expect((await row('managed-denied')).encryption.rotation).toMatchObject({
      enabled: true,
      managedByAws: true,
      periodDays: 365,
    });
  });
});
