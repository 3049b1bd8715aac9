import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { DynamoDbTableEntityProvider } from './provider';

const CONFIG = 'catalog.providers.dynamodbEncryption';

/**
 * Registers {@link DynamoDbTableEntityProvider} with the catalog and refreshes it on the scheduler
 * (`catalog.providers.dynamodbEncryption.schedule`, default every 10 minutes; one runner across replicas).
 *
 * @public
 */
export const catalogModuleDynamoDbTables = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'dynamodb-encryption-tables',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, scheduler, ...deps }) {
        const own = config.getOptionalConfig(CONFIG);
        const provider = new DynamoDbTableEntityProvider({
          ...deps,
          defaultOwner:
            own?.getOptionalString('defaultOwner') ?? 'group:default/unowned',
        });
        catalog.addEntityProvider(provider);
        const schedule = own?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              own.getConfig('schedule'),
            )
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 60 },
            };
        await scheduler.scheduleTask({
          id: 'dynamodb-encryption-tables-provider',
          ...schedule,
          fn: async () => {
            await provider.refresh();
          },
        });
      },
    });
  },
});
