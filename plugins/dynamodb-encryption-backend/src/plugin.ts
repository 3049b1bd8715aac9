import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { dynamoDbEncryptionPermissions } from '@internal/plugin-dynamodb-encryption-common';
import { readCacheConfig, readCostConfig, readFleetConfig } from './config';
import { createFleetRouter, FLEET_SCAN_TASK_ID } from './fleetRouter';
import { createFleetScanner } from './services/fleetScanner';
import { FleetStore } from './services/fleetStore';
import { createRouter } from './router';
import { createAwsClientFactory } from './services/awsClients';
import { createEncryptionReportService } from './services/encryptionReportService';
import { createEntityAccess } from './services/entityAccess';
import { createKmsKeyService } from './services/kmsKeyService';

/**
 * The DynamoDB encryption backend plugin: what really protects each table, read from DynamoDB and KMS.
 *
 * @public
 */
export const dynamoDbEncryptionPlugin = createBackendPlugin({
  pluginId: 'dynamodb-encryption',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
      },
      async init(d) {
        const {
          config,
          logger,
          httpAuth,
          httpRouter,
          catalog,
          cache,
          permissions,
          permissionsRegistry,
          urlReader,
        } = d;
        permissionsRegistry.addPermissions(dynamoDbEncryptionPermissions);
        const clients = createAwsClientFactory(config);
        const reports = createEncryptionReportService({
          access: createEntityAccess({ catalog, permissions }),
          clients,
          logger,
          cache,
          urlReader,
          ...readCacheConfig(config),
          cost: readCostConfig(config),
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            reports,
            keys: createKmsKeyService(clients),
            defaultAccountId: config.getOptionalString(
              'dynamodbEncryption.defaultAccountId',
            ),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const fleet = readFleetConfig(config);
        const store = await FleetStore.create(d.database, {
          retainScans: fleet.retainScans,
        });
        const scanner = createFleetScanner({
          clients,
          store,
          catalog,
          auth: d.auth,
          logger,
          targets: fleet.targets,
          policies: fleet.policies,
          concurrency: fleet.concurrency,
          cost: readCostConfig(config),
        });
        // Global scope: with several replicas on one database, each scan runs on one of them only.
        await d.scheduler.scheduleTask({
          id: FLEET_SCAN_TASK_ID,
          scope: 'global',
          ...fleet.schedule,
          fn: async () => {
            await store.failAbandonedScans(2 * 60 * 60 * 1000);
            await scanner.scan();
          },
        });
        httpRouter.use(
          createFleetRouter({
            httpAuth,
            permissions,
            scheduler: d.scheduler,
            store,
            accounts: fleet.targets,
          }),
        );
      },
    });
  },
});
