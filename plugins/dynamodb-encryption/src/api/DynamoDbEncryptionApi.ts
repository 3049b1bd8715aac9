import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DYNAMODB_ENCRYPTION_PLUGIN_ID,
  EncryptionReport,
} from '@internal/plugin-dynamodb-encryption-common';

/**
 * Client of the DynamoDB encryption backend.
 *
 * @public
 */
export interface DynamoDbEncryptionApi {
  getEncryptionReport(ref: CompoundEntityRef): Promise<EncryptionReport>;
}

/** @public */
export const dynamoDbEncryptionApiRef = createApiRef<DynamoDbEncryptionApi>({
  id: 'plugin.dynamodb-encryption.api',
});

/**
 * Default implementation over `fetchApi` and `discoveryApi`.
 *
 * @public
 */
export class DynamoDbEncryptionClient implements DynamoDbEncryptionApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getEncryptionReport(ref: CompoundEntityRef): Promise<EncryptionReport> {
    const path = [ref.namespace, ref.kind, ref.name].map(encodeURIComponent).join('/');
    return this.get(`/entities/${path}/encryption`);
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl(DYNAMODB_ENCRYPTION_PLUGIN_ID);
    const response = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
