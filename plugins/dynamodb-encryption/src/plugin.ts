import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { dynamoDbEncryptionApiRef, DynamoDbEncryptionClient } from './api/DynamoDbEncryptionApi';

/**
 * The DynamoDB encryption plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const dynamoDbEncryptionPlugin = createPlugin({
  id: 'dynamodb-encryption',
  apis: [
    createApiFactory({
      api: dynamoDbEncryptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DynamoDbEncryptionClient(deps),
    }),
  ],
});

/**
 * Entity card showing what protects a DynamoDB table.
 *
 * @public
 */
export const EntityDynamoDbEncryptionCard = dynamoDbEncryptionPlugin.provide(
  createComponentExtension({
    name: 'EntityDynamoDbEncryptionCard',
    component: {
      lazy: () => import('./components/EncryptionCard/EncryptionCard').then(m => m.EncryptionCard),
    },
  }),
);

/**
 * Entity tab content: the whole encryption report of a DynamoDB table.
 *
 * @public
 */
export const EntityDynamoDbEncryptionContent = dynamoDbEncryptionPlugin.provide(
  createComponentExtension({
    name: 'EntityDynamoDbEncryptionContent',
    component: {
      lazy: () => import('./components/EncryptionContent/EncryptionContent').then(m => m.EncryptionContent),
    },
  }),
);

/**
 * Entity card for Components and Systems: the DynamoDB tables they depend on.
 *
 * @public
 */
export const EntityDynamoDbTablesCard = dynamoDbEncryptionPlugin.provide(
  createComponentExtension({
    name: 'EntityDynamoDbTablesCard',
    component: {
      lazy: () => import('./components/DependentTablesCard/DependentTablesCard').then(m => m.DependentTablesCard),
    },
  }),
);
