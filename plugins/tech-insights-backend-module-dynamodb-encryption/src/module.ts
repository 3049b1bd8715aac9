import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { JsonRulesEngineFactCheckerFactory } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import {
  techInsightsFactCheckerFactoryExtensionPoint,
  techInsightsFactRetrieversExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID } from '@dynamodb-encryption/backstage-plugin-common';
import { configuredChecks, mergeChecks, shippedChecks } from './checks';
import { createDynamoDbEncryptionFactRetriever } from './factRetriever';

/**
 * Adds the DynamoDB encryption fact retriever to Tech Insights (like every retriever it runs only when
 * `techInsights.factRetrievers.dynamodbEncryptionFactRetriever` configures its cadence), and registers the
 * shipped checks: it sets the JSON rules engine fact checker with the configured checks
 * (`techInsights.factChecker.checks`) and the shipped ones, so it takes the place of the `-module-jsonfc`
 * module in `backend.add`. With `dynamodbEncryption.techInsights.registerChecks: false` it adds the retriever
 * only, and the checks are the backend's own to configure.
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
        factCheckers: techInsightsFactCheckerFactoryExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ retrievers, factCheckers, config, logger, ...deps }) {
        retrievers.addFactRetrievers({
          [DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID]:
            createDynamoDbEncryptionFactRetriever(deps),
        });
        if (
          config.getOptionalBoolean(
            'dynamodbEncryption.techInsights.registerChecks',
          ) === false
        )
          return;
        const checks = mergeChecks(
          configuredChecks(config),
          await shippedChecks(),
        );
        factCheckers.setFactCheckerFactory(
          new JsonRulesEngineFactCheckerFactory({
            checks,
            logger,
            catalog: deps.catalog,
            auth: deps.auth,
          }),
        );
      },
    });
  },
});
