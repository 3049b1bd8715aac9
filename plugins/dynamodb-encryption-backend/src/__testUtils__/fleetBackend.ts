import {
  coreServices,
  createBackendPlugin,
  PermissionsService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import { Knex } from 'knex';
import type { Server } from 'node:http';
import { createFleetRouter } from '../http/fleetRouter';
import {
  createFleetReadAuthorizer,
  registerFleetTableResource,
} from '../permissions/fleetReadAccess';
import { FleetStore } from '../store/fleetStore';

/**
 * The fleet router over a store holding `rows` as one complete scan, in a backend of its own: the real
 * store on the test backend's database (or on `options.knex`, a TestDatabases database), the fleet row
 * registered as a permission resource, and permissions answering `permissions`: a fixed result, or a
 * permissions service of the test's (such as one asking a policy, see `policyPermissions`).
 */
export async function startFleetBackend(
  rows: FleetRow[],
  permissions:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY
    | ServiceFactory<
        PermissionsService,
        'plugin' | 'root',
        'singleton' | 'multiton'
      > = AuthorizeResult.ALLOW,
  options: { knex?: Knex } = {},
): Promise<Server> {
  const plugin = createBackendPlugin({
    pluginId: 'dynamodb-encryption',
    register(env) {
      env.registerInit({
        deps: {
          httpAuth: coreServices.httpAuth,
          httpRouter: coreServices.httpRouter,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          database: coreServices.database,
          scheduler: coreServices.scheduler,
        },
        async init(d) {
          const store = await FleetStore.create(d.database, {
            retainScans: 2,
          });
          const scan = await store.startScan();
          for (let i = 0; i < rows.length; i += 500)
            await store.addRows(scan, rows.slice(i, i + 500));
          await store.finishScan(scan, 'complete', []);
          registerFleetTableResource(d.permissionsRegistry, store);
          d.httpRouter.use(
            createFleetRouter({
              ...d,
              readAccess: createFleetReadAuthorizer(d),
              store,
              accounts: [
                {
                  accountId: '111111111111',
                  name: 'platform-prod',
                  regions: ['us-east-1'],
                },
              ],
            }),
          );
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      plugin,
      typeof permissions === 'object'
        ? permissions
        : mockServices.permissions.factory({ result: permissions }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      // Without this the test backend treats a request without credentials as a user's.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}
