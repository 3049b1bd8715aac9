import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdoptionPreview,
  DYNAMODB_ENCRYPTION_PLUGIN_ID,
  DependentTable,
  EncryptionReport,
  FleetReadScope,
  FleetRow,
  FleetScanStatus,
  FleetSummary,
  FleetTablesQuery,
  KeyChangePreview,
  KeyChangeRequest,
  KeyTypeWithoutPick,
  KmsKeyOption,
  TableNameCheck,
  entityPath,
} from '@dynamodb-encryption/backstage-plugin-common';

/** Key options of an account and region, and the estimates of the choices without a key to pick. @public */
export interface KeyChoices {
  choices: Record<KeyTypeWithoutPick, NonNullable<KmsKeyOption['estimate']>>;
  items: KmsKeyOption[];
}

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
  /** The customer managed keys and the estimates of every key choice, from the one assessment. */
  getKeyChoices(options: {
    region: string;
    accountId?: string;
  }): Promise<KeyChoices>;
  /** Whether a new table may take this name in the account and region (AWS, catalog, Kubernetes name). */
  checkTableName(options: {
    tableName: string;
    region: string;
    accountId?: string;
  }): Promise<TableNameCheck>;
  /**
   * Whether the user may read the fleet, and which rows: `all`, or `conditional` (the rows the permission
   * policy allows them). A refusal is a `ResponseError` with status 403.
   */
  getFleetAccess(): Promise<{ scope: FleetReadScope }>;
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
  /**
   * What adopting a discovered table into GitOps would commit (the Application and catalog-info.yaml), what
   * the definitions cannot declare, or why it is refused.
   */
  previewAdoption(entityRef: string): Promise<AdoptionPreview>;
  /**
   * What changing a declared table's key through Git would commit (the Application's diff), its monthly cost
   * before and after, what the portal knows of the table's recent key switches, and every refusal.
   */
  previewKeyChange(request: KeyChangeRequest): Promise<KeyChangePreview>;
}

/** @public */
export const dynamoDbEncryptionApiRef = createApiRef<DynamoDbEncryptionApi>({
  id: 'plugin.dynamodb-encryption.api',
});

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
    return (await this.getKeyChoices(options)).items;
  }

  async getKeyChoices(options: {
    region: string;
    accountId?: string;
  }): Promise<KeyChoices> {
    const query = new URLSearchParams({ region: options.region });
    if (options.accountId) query.set('accountId', options.accountId);
    return this.get<KeyChoices>(`/kms-keys?${query}`);
  }

  async checkTableName(options: {
    tableName: string;
    region: string;
    accountId?: string;
  }): Promise<TableNameCheck> {
    const query = new URLSearchParams({
      tableName: options.tableName,
      region: options.region,
    });
    if (options.accountId) query.set('accountId', options.accountId);
    return this.get<TableNameCheck>(`/table-names/check?${query}`);
  }

  async getFleetAccess(): Promise<{ scope: FleetReadScope }> {
    return this.get('/fleet/access');
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

  async previewAdoption(entityRef: string): Promise<AdoptionPreview> {
    const base = await this.deps.discoveryApi.getBaseUrl(
      DYNAMODB_ENCRYPTION_PLUGIN_ID,
    );
    const response = await this.deps.fetchApi.fetch(`${base}/adopt/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entityRef }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as AdoptionPreview;
  }

  async previewKeyChange(request: KeyChangeRequest): Promise<KeyChangePreview> {
    const base = await this.deps.discoveryApi.getBaseUrl(
      DYNAMODB_ENCRYPTION_PLUGIN_ID,
    );
    const response = await this.deps.fetchApi.fetch(
      `${base}/key-change/preview`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as KeyChangePreview;
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
