import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  assessTable,
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  FleetRow,
  formatTableArn,
  renderApplicationYaml,
} from '@dynamodb-encryption/backstage-plugin-common';
import { createEntityAccess } from './entityAccess';
import { createScorecardFactsService } from './scorecardFacts';

const accountId = '111111111111';
const region = 'us-east-1';
const keyId = '12345678-1234-1234-1234-123456789012';
const keyArn = `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
const arn = (tableName: string) =>
  formatTableArn({ accountId, region, tableName });

function table(name: string, manifest?: boolean): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        [DYNAMODB_TABLE_ARN_ANNOTATION]: arn(name),
        ...(manifest
          ? {
              [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: `https://git.example.test/${name}.yaml`,
            }
          : {}),
      },
    },
    spec: { type: 'dynamodb-table', owner: 'group:default/team' },
  };
}

/** A scanned row: the one assessment of a rotating customer managed key. */
function cmkRow(name: string): FleetRow {
  return assessTable({
    table: { arn: arn(name), name, accountId, region },
    sse: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: keyArn },
    key: {
      Arn: keyArn,
      KeyId: keyId,
      KeyManager: 'CUSTOMER',
      KeyState: 'Enabled',
      KeySpec: 'SYMMETRIC_DEFAULT',
    },
    aliases: [],
    rotation: { KeyRotationEnabled: true },
  });
}

const entities: Entity[] = [
  table('scanned', true),
  table('unscanned'),
  table('secret'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/team' },
    relations: ['scanned', 'unscanned', 'secret'].map(n => ({
      type: 'dependsOn',
      targetRef: `resource:default/${n}`,
    })),
  },
];

function service(manifestKey: string, status?: object) {
  const manifest = renderApplicationYaml({
    applicationName: 'scanned',
    componentName: 'scanned',
    table: {
      tableName: 'scanned',
      region,
      billingMode: 'PAY_PER_REQUEST',
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    },
    encryption: { sseType: 'KMS', kmsKeyId: manifestKey },
  } as any);
  const rows = new Map([[arn('scanned'), cmkRow('scanned')]]);
  return createScorecardFactsService({
    access: createEntityAccess({
      catalog: catalogServiceMock({ entities }),
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result:
              (r as { resourceRef?: string }).resourceRef ===
              'resource:default/secret'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      }),
    }),
    latestRow: async a => rows.get(a),
    urlReader: mockServices.urlReader.mock({
      // The manifest, and what the GitOps side did with it (the status file beside it), if anything.
      readUrl: async (url: string) => {
        if (url.endsWith('.status.json') && !status)
          throw Object.assign(new Error('not found'), {
            name: 'NotFoundError',
          });
        const body = url.endsWith('.status.json')
          ? JSON.stringify(status)
          : manifest;
        return { buffer: async () => Buffer.from(body) } as any;
      },
    }),
    logger: mockServices.logger.mock(),
  });
}

const credentials = mockCredentials.user();
const ref = (kind: string, name: string) => ({
  kind,
  namespace: 'default',
  name,
});

describe('scorecard facts', () => {
  it('gives a scanned table its facts, with drift from its manifest against the scan', async () => {
    expect(
      await service(keyArn).factsFor(ref('resource', 'scanned'), credentials),
    ).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      rotationEnabled: true,
      driftPresent: false,
    });
    // The same key named by alias in Git: drift the ACK controller would act on forever.
    expect(
      await service('alias/orders').factsFor(
        ref('resource', 'scanned'),
        credentials,
      ),
    ).toMatchObject({ driftPresent: true });
  });

  it('counts a refused Application among the high findings, as the table page does', async () => {
    const facts = async (status?: object) =>
      (await service(keyArn, status).factsFor(
        ref('resource', 'scanned'),
        credentials,
      ))!.criticalOrHighFindings;
    const refused = {
      application: 'scanned',
      phase: 'refused',
      message: 'dynamodb-encryption-kro: kmsKeyId: is required',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const without = await facts();
    expect(typeof without).toBe('number');
    expect(await facts(refused)).toBe(Number(without) + 1);
  });

  it('has no facts for a table the latest scan has not seen', async () => {
    expect(
      await service(keyArn).factsFor(ref('resource', 'unscanned'), credentials),
    ).toBeUndefined();
  });

  it('refuses a table the caller may not read as not found', async () => {
    await expect(
      service(keyArn).factsFor(ref('resource', 'secret'), credentials),
    ).rejects.toThrow(NotFoundError);
  });

  it('judges a Component by the readable tables it depends on, an unscanned one leaving facts unknown', async () => {
    const facts = await service(keyArn).factsFor(
      ref('component', 'svc'),
      credentials,
    );
    // "secret" is not readable, so two tables count; "unscanned" knows nothing.
    expect(facts).toEqual({ tables: 2 });
  });
});
