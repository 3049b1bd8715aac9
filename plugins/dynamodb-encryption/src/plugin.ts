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
