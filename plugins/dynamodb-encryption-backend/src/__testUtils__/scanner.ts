import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import { createFleetScanner, FleetTarget } from '../scan/fleetScanner';
import { FleetStore } from '../store/fleetStore';

/**
 * A fleet scanner as the plugin wires it, on a fresh SQLite store and an empty catalog, for tests that scan
 * a moto server of their own.
 */
export async function scannerOnSqlite(
  databases: TestDatabases,
  options: {
    clients: AwsClientFactory;
    targets: FleetTarget[];
  } & Partial<Parameters<typeof createFleetScanner>[0]>,
) {
  const store = await FleetStore.create(
    mockServices.database({ knex: await databases.init('SQLITE_3') }),
    { retainScans: 10 },
  );
  const scanner = createFleetScanner({
    store,
    catalog: catalogServiceMock({ entities: [] }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    policies: [],
    concurrency: 4,
    ...options,
  });
  return { store, scanner };
}
