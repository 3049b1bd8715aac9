import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import type { Server } from 'node:http';
import { createFleetRouter } from '../http/fleetRouter';
import { FleetStore } from '../store/fleetStore';

/**
 * The fleet router over a store holding `rows` as one complete scan, in a backend of its own: the real
 * store on the test backend's database, the permission answering `permissionResult`.
 */
export async function startFleetBackend(
  rows: FleetRow[],
  permissionResult:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
): Promise<Server> {
  const plugin = createBackendPlugin({
    pluginId: 'dynamodb-encryption',
    register(env) {
      env.registerInit({
        deps: {
          httpAuth: coreServices.httpAuth,
          httpRouter: coreServices.httpRouter,
          permissions: coreServices.permissions,
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
          d.httpRouter.use(
            createFleetRouter({
              ...d,
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
      mockServices.permissions.factory({ result: permissionResult }),
      // Without this the test backend treats a request without credentials as a user's.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}
