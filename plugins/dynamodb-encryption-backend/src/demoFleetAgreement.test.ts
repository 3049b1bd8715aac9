import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EncryptionReport,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  fleetEntities,
  loadFleet,
  sandboxPortalConfig,
  seedFleet,
} from '@internal/sandbox';
import { resolve } from 'node:path';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from './plugin';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../..');

/**
 * The demo fleet, scanned by the plugin (POST /fleet/scans) and read table by table (GET .../encryption):
 * every table's report and fleet row agree on key type, key ARN, cost to the cent and finding ids, on
 * SQLite and on PostgreSQL, with the sandbox's own fleet config (targets and policies).
 */
describe('the demo fleet: one answer per table on every screen', () => {
  const endpoint = process.env.SANDBOX_ENDPOINT;
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  it.each(databases.eachSupportedId())('on %p', async databaseId => {
    if (!endpoint) {
      throw new Error(
        'Run with ./scripts/test.sh: it starts the sandbox this test needs',
      );
    }
    const fleet = await loadFleet(resolve(ROOT, 'sandbox/demo-fleet.yaml'));
    const seeded = await seedFleet(endpoint, fleet);
    const entities = fleetEntities(fleet, seeded) as Entity[];
    const tables = entities.filter(e => e.kind === 'Resource');
    const backend = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.database.factory({
          knex: await databases.init(databaseId),
        }),
        mockServices.rootConfig.factory({
          data: sandboxPortalConfig(
            resolve(ROOT, 'app-config.sandbox.yaml'),
            endpoint!,
          ),
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const server = backend.server;
    try {
      const auth = mockCredentials.user.header();
      expect(
        (
          await request(server)
            .post('/api/dynamodb-encryption/fleet/scans')
            .set('Authorization', auth)
        ).status,
      ).toBe(202);
      for (let i = 0; i < 120; i++) {
        const latest = await request(server)
          .get('/api/dynamodb-encryption/fleet/scans/latest')
          .set('Authorization', auth);
        if (latest.body.status === 'complete') break;
        expect(latest.body.status).not.toBe('failed');
        await new Promise(r => setTimeout(r, 250));
      }
      const rows: FleetRow[] = (
        await request(server)
          .get('/api/dynamodb-encryption/fleet/tables?limit=1000')
          .set('Authorization', auth)
      ).body.items;

      // The sandbox scans its AWS Organization: the dashboard names the accounts as ListAccounts does.
      const summary = await request(server)
        .get('/api/dynamodb-encryption/fleet/summary')
        .set('Authorization', auth);
      expect(
        [...summary.body.accounts].sort((a, b) =>
          a.accountId.localeCompare(b.accountId),
        ),
      ).toEqual(
        fleet.accounts.map(a => ({
          accountId: a.id,
          name: a.name,
          regions: ['us-east-1', 'eu-west-1'],
        })),
      );

      const said = (r: FleetRow | EncryptionReport) => ({
        arn: r.table.arn,
        keyType: r.encryption.keyType,
        kmsKeyArn: r.encryption.kmsKeyArn,
        monthlyUsd: r.cost!.monthlyUsd.toFixed(2),
        findings: r.findings.map(f => f.id).sort(),
      });
      let compared = 0;
      for (const entity of tables) {
        const ref = parseEntityRef({
          kind: 'resource',
          name: entity.metadata.name,
        });
        const report = await request(server)
          .get(
            `/api/dynamodb-encryption/entities/${ref.namespace}/${ref.kind}/${ref.name}/encryption`,
          )
          .set('Authorization', auth);
        expect(report.status).toBe(200);
        const row = rows.find(r => r.table.arn === report.body.table.arn);
        expect(row).toBeDefined();
        expect(said(report.body)).toEqual(said(row!));
        compared++;
      }
      expect(compared).toBe(fleet.tables.length);
      expect(compared).toBeGreaterThanOrEqual(13);
    } finally {
      await backend.stop();
    }
  });
});
