import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DYNAMODB_ENCRYPTION_PLUGIN_ID,
  DependentTable,
  EncryptionReport,
  KmsKeyOption,
} from '@internal/plugin-dynamodb-encryption-common';

/**
 * Client of the DynamoDB encryption backend.
 *
 * @public
 */
export interface DynamoDbEncryptionApi {
  getEncryptionReport(ref: CompoundEntityRef): Promise<EncryptionReport>;
  getDependentTables(ref: CompoundEntityRef): Promise<DependentTable[]>;
  listKmsKeys(options: { region: string; accountId?: string }): Promise<KmsKeyOption[]>;
}


/** @public */
export const dynamoDbEncryptionApiRef = createApiRef<DynamoDbEncryptionApi>({
  id: 'plugin.dynamodb-encryption.api',
});

function entityPath(ref: CompoundEntityRef): string {
  return [ref.namespace, ref.kind, ref.name].map(encodeURIComponent).join('/');
}

/**
 * Default implementation over `fetchApi` and `discoveryApi`.
 *
 * @public
 */
export class DynamoDbEncryptionClient implements DynamoDbEncryptionApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getEncryptionReport(ref: CompoundEntityRef): Promise<EncryptionReport> {
    return this.get(`/entities/${entityPath(ref)}/encryption`);
  }

  async listKmsKeys(options: { region: string; accountId?: string }): Promise<KmsKeyOption[]> {
    const query = new URLSearchParams({ region: options.region });
    if (options.accountId) query.set('accountId', options.accountId);
    return (await this.get<{ items: KmsKeyOption[] }>(`/kms-keys?${query}`)).items;
  }

  async getDependentTables(ref: CompoundEntityRef): Promise<DependentTable[]> {
    return (await this.get<{ items: DependentTable[] }>(`/entities/${entityPath(ref)}/tables`)).items;
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
