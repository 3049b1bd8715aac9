import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readCostConfig } from './config';
import { createRouter } from './router';
import { createAwsClientFactory } from './services/awsClients';
import { createEncryptionReportService } from './services/encryptionReportService';

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
      },
      async init({ config, logger, httpAuth, httpRouter, catalog }) {
        const clients = createAwsClientFactory(config);
        const reports = createEncryptionReportService({ catalog, clients, logger, cost: readCostConfig(config) });
        httpRouter.use(await createRouter({ httpAuth, reports }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
