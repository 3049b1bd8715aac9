import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  dynamoDbEncryptionApiRef,
  DynamoDbEncryptionClient,
} from '../api/DynamoDbEncryptionApi';

/** The plugin's API client, through the app's discovery and authenticated fetch. */
export const dynamoDbEncryptionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: dynamoDbEncryptionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new DynamoDbEncryptionClient(deps),
    }),
});
