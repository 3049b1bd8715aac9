import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DYNAMODB_ENCRYPTION_PLUGIN_ID,
  DependentTable,
  EncryptionReport,
  FleetRow,
  FleetScanStatus,
  FleetSummary,
  FleetTablesQuery,
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
  listKmsKeys(options: {
    region: string;
    accountId?: string;
  }): Promise<KmsKeyOption[]>;
  getFleetSummary(): Promise<FleetSummary>;
  listFleetTables(
    query: FleetTablesQuery,
  ): Promise<{ items: FleetRow[]; total: number; nextCursor?: number }>;
  getLatestScan(): Promise<
    | FleetScanStatus
    | { status: 'none'; progress: { done: number; total: number } }
  >;
  startScan(): Promise<void>;
  /**
   * The fleet CSV for the filters given (paging ignored), fetched with the user's credentials. The body is
   * not read yet, so the caller can stream it to a file or take it as a Blob.
   */
  fetchFleetCsv(query: FleetTablesQuery): Promise<Response>;
}

/** @public */
export const dynamoDbEncryptionApiRef = createApiRef<DynamoDbEncryptionApi>({
  id: 'plugin.dynamodb-encryption.api',
});

function entityPath(ref: CompoundEntityRef): string {
  return [ref.namespace, ref.kind, ref.name].map(encodeURIComponent).join('/');
}

function fleetParams(query: FleetTablesQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') params.set(k, String(v));
  return params;
}

/**
 * Default implementation over `fetchApi` and `discoveryApi`.
 *
 * @public
 */
export class DynamoDbEncryptionClient implements DynamoDbEncryptionApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getEncryptionReport(ref: CompoundEntityRef): Promise<EncryptionReport> {
    return this.get(`/entities/${entityPath(ref)}/encryption`);
  }

  async listKmsKeys(options: {
    region: string;
    accountId?: string;
  }): Promise<KmsKeyOption[]> {
    const query = new URLSearchParams({ region: options.region });
    if (options.accountId) query.set('accountId', options.accountId);
    return (await this.get<{ items: KmsKeyOption[] }>(`/kms-keys?${query}`))
      .items;
  }

  async getFleetSummary(): Promise<FleetSummary> {
    return this.get('/fleet/summary');
  }

  async listFleetTables(query: FleetTablesQuery) {
    return this.get<{ items: FleetRow[]; total: number; nextCursor?: number }>(
      `/fleet/tables?${fleetParams(query)}`,
    );
  }

  async getLatestScan() {
    return this.get<
      | FleetScanStatus
      | { status: 'none'; progress: { done: number; total: number } }
    >('/fleet/scans/latest');
  }

  async startScan(): Promise<void> {
    const base = await this.deps.discoveryApi.getBaseUrl(
      DYNAMODB_ENCRYPTION_PLUGIN_ID,
    );
    const response = await this.deps.fetchApi.fetch(`${base}/fleet/scans`, {
      method: 'POST',
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
  }

  async fetchFleetCsv(query: FleetTablesQuery): Promise<Response> {
    const { cursor, limit, ...filters } = query;
    const base = await this.deps.discoveryApi.getBaseUrl(
      DYNAMODB_ENCRYPTION_PLUGIN_ID,
    );
    const response = await this.deps.fetchApi.fetch(
      `${base}/fleet/export.csv?${fleetParams(filters)}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }

  async getDependentTables(ref: CompoundEntityRef): Promise<DependentTable[]> {
    return (
      await this.get<{ items: DependentTable[] }>(
        `/entities/${entityPath(ref)}/tables`,
      )
    ).items;
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl(
      DYNAMODB_ENCRYPTION_PLUGIN_ID,
    );
    const response = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
