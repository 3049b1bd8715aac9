import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { dynamoDbEncryptionPermissions } from '@internal/plugin-dynamodb-encryption-common';
import { readCacheConfig, readCostConfig } from './config';
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
      },
      async init({ config, logger, httpAuth, httpRouter, catalog, cache, permissions, permissionsRegistry, urlReader }) {
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
            reports,
            keys: createKmsKeyService(clients),
            defaultAccountId: config.getOptionalString('dynamodbEncryption.defaultAccountId'),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
