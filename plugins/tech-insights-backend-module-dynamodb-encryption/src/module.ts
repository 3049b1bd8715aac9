import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID } from '@internal/plugin-dynamodb-encryption-common';
import { createDynamoDbEncryptionFactRetriever } from './factRetriever';

/**
 * Adds the DynamoDB encryption fact retriever to Tech Insights. Like every retriever it runs only when
 * `techInsights.factRetrievers.dynamodbEncryptionFactRetriever` configures its cadence.
 *
 * @public
 */
export const techInsightsModuleDynamoDbEncryption = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'dynamodb-encryption',
  register(env) {
    env.registerInit({
      deps: {
        retrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ retrievers, ...deps }) {
        retrievers.addFactRetrievers({
          [DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID]:
            createDynamoDbEncryptionFactRetriever(deps),
        });
      },
    });
  },
});
