import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ALICE,
  BOB,
  MEMBERSHIPS,
  ORDERS,
  ownedBy,
  ownedRows,
  PAT,
} from '../__testUtils__/ownedRows';
import {
  membershipUserInfo,
  policyPermissions,
} from '../__testUtils__/policyPermissions';
import {
  createFleetReadAuthorizer,
  registerFleetTableResource,
} from '../permissions/fleetReadAccess';
import { DynamoDbEncryptionSamplePolicy } from '../permissions/samplePolicy';
import { EncryptionReportService } from '../report/encryptionReportService';
import { FleetStore } from '../store/fleetStore';
import { registerEncryptionActions } from './encryptionActions';

jest.setTimeout(60_000);

const rows = ownedRows();
const withFindings = rows.filter(r => r.findings.length);

/** `list-tables-with-findings` under the sample policy: an AI assistant sees what its user may see. */
describe('list-tables-with-findings under a conditional decision', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function actions(id: TestDatabaseId) {
    const actionsRegistry = actionsRegistryServiceMock();
    // The plugin's wiring of the action, with the backend's own permissions registry.
    const plugin = createBackendPlugin({
      pluginId: 'dynamodb-encryption',
      register(env) {
        env.registerInit({
          deps: {
            database: coreServices.database,
            permissions: coreServices.permissions,
            permissionsRegistry: coreServices.permissionsRegistry,
          },
          async init(d) {
            const store = await FleetStore.create(d.database, {
              retainScans: 2,
            });
            const scan = await store.startScan();
            await store.addRows(scan, rows);
            await store.finishScan(scan, 'complete', []);
            registerFleetTableResource(d.permissionsRegistry, store);
            registerEncryptionActions({
              actionsRegistry,
              catalog: catalogServiceMock(),
              reports: {} as EncryptionReportService,
              readAccess: createFleetReadAuthorizer(d),
              listTables: (query, filter) => store.listTables(query, filter),
            });
          },
        });
      },
    });
    const userInfo = membershipUserInfo(MEMBERSHIPS);
    await startTestBackend({
      features: [
        plugin,
        policyPermissions(
          new DynamoDbEncryptionSamplePolicy({ userInfo }),
          userInfo,
        ).factory,
        mockServices.database.factory({ knex: await databases.init(id) }),
      ],
    });
    return (user: string, input: object) =>
      actionsRegistry.invoke({
        id: 'test:list-tables-with-findings',
        input: { minSeverity: 'info', limit: 200, ...input },
        credentials: mockCredentials.user(user),
      }) as Promise<{
        output: { items: { arn: string }[]; scope: string };
      }>;
  }

  it.each(databases.eachSupportedId())(
    'lists only the tables the user may read, and says so, on %p',
    async id => {
      const list = await actions(id);
      const expected = ownedBy(withFindings, [ALICE, ORDERS])
        .map(r => r.table.arn)
        .sort();
      expect(expected.length).toBeGreaterThan(0);

      const alice = (await list(ALICE, {})).output;
      expect(alice.scope).toBe('conditional');
      expect(alice.items.map(i => i.arn).sort()).toEqual(expected);
      // An owner filter for someone else's team finds nothing, rather than their tables.
      const others = await list(ALICE, {
        owner: 'group:default/payments-team',
      });
      expect(others.output.items).toEqual([]);

      const bob = (await list(BOB, {})).output;
      expect(bob).toEqual({ items: [], scope: 'conditional' });

      const pat = (await list(PAT, {})).output;
      expect(pat.scope).toBe('all');
      expect(pat.items).toHaveLength(withFindings.length);
    },
  );
});
