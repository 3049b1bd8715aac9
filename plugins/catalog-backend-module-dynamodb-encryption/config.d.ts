import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** Discovered DynamoDB tables: the fleet scan's tables that no catalog entity declares. */
      dynamodbEncryption?: {
        /** Owner of a table without a usable owner tag (see `dynamodbEncryption.tags`). Default `group:default/unowned`. */
        defaultOwner?: string;
        /** How often the catalog reads the latest complete scan. Default every 10 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
