import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdoptionPreview,
  DiscoveredTable,
  entityPath,
  ScorecardFacts,
} from '@dynamodb-encryption/backstage-plugin-common';

const PLUGIN_ID = 'dynamodb-encryption';

/**
 * The DynamoDB encryption plugin's HTTP API, as other backend plugins and modules call it: with their own
 * service credentials, through discovery.
 *
 * @public
 */
export interface DynamoDbEncryptionClient {
  /**
   * `GET /fleet/undeclared`: the tables of the latest fleet snapshot that no catalog entity declares;
   * undefined before the first snapshot (so a caller never mistakes "not scanned yet" for "no tables").
   */
  undeclaredTables(): Promise<
    { scanId: number; tables: DiscoveredTable[]; location: string } | undefined
  >;
  /** `GET /entities/:namespace/:kind/:name/scorecard-facts`: null before a scan saw the entity's tables. */
  scorecardFacts(ref: {
    namespace: string;
    kind: string;
    name: string;
  }): Promise<ScorecardFacts | null>;
  /**
   * `POST /adopt/preview`: what adopting a discovered table would commit, or why it cannot, read on behalf of
   * `onBehalfOf` (the user who asked, so the entity is read as they may see it).
   */
  adoptionPreview(
    entityRef: string,
    onBehalfOf: BackstageCredentials,
  ): Promise<AdoptionPreview>;
  /**
   * `POST /key-change/started`: a key change of the entity's table is on its way through Git, so its page
   * follows it closely for a while; told on behalf of `onBehalfOf` (the user who runs the change).
   */
  keyChangeStarted(
    entityRef: string,
    onBehalfOf: BackstageCredentials,
  ): Promise<void>;
}

/**
 * A client of the plugin's HTTP API with the calling plugin's own service credentials. Errors are the
 * route's own, as `ResponseError`.
 *
 * @public
 */
export function createDynamoDbEncryptionClient(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
}): DynamoDbEncryptionClient {
  async function get(
    path: string,
    init: {
      method?: string;
      body?: unknown;
      onBehalfOf?: BackstageCredentials;
    } = {},
  ) {
    const baseUrl = await deps.discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf:
        init.onBehalfOf ?? (await deps.auth.getOwnServiceCredentials()),
      targetPluginId: PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    return { response, url: `${baseUrl}${path}` };
  }
  return {
    async undeclaredTables() {
      const { response, url } = await get('/fleet/undeclared');
      if (response.status === 404) return undefined;
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const body = (await response.json()) as {
        scanId: number;
        tables: DiscoveredTable[];
      };
      return { ...body, location: url };
    },
    async scorecardFacts(ref) {
      const { response } = await get(
        `/entities/${entityPath(ref)}/scorecard-facts`,
      );
      if (!response.ok) throw await ResponseError.fromResponse(response);
      return ((await response.json()) as { facts: ScorecardFacts | null })
        .facts;
    },
    async adoptionPreview(entityRef, onBehalfOf) {
      const { response } = await get('/adopt/preview', {
        method: 'POST',
        body: { entityRef },
        onBehalfOf,
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      return (await response.json()) as AdoptionPreview;
    },
    async keyChangeStarted(entityRef, onBehalfOf) {
      const { response } = await get('/key-change/started', {
        method: 'POST',
        body: { entityRef },
        onBehalfOf,
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
    },
  };
}
