import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { buildDiscoveredTableEntity } from '@dynamodb-encryption/backstage-plugin-common';
import {
  createDynamoDbEncryptionClient,
  DynamoDbEncryptionClient,
} from '@dynamodb-encryption/backstage-plugin-node';

const PLUGIN_ID = 'dynamodb-encryption';

/**
 * Turns every table of the latest complete fleet scan that no catalog entity declares into a `Resource`
 * (ARN annotation, owner and system from the table's tags), read from the DynamoDB encryption plugin's
 * `GET /fleet/undeclared` with this backend's service token. Each refresh is a full mutation: a table gone
 * from the scan, or now declared in Git, loses its discovered entity. Before the first complete scan
 * nothing is applied, so a restart never empties the catalog.
 *
 * @public
 */
export class DynamoDbTableEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  private readonly client: DynamoDbEncryptionClient;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      /** Owner of a table without a usable owner tag. */
      defaultOwner: string;
    },
  ) {
    this.client = createDynamoDbEncryptionClient(deps);
  }

  getProviderName(): string {
    return 'dynamodb-encryption-tables';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Applies the latest complete scan; returns how many entities it now provides (undefined: no scan yet). */
  async refresh(): Promise<number | undefined> {
    if (!this.connection) throw new Error('The provider is not connected');
    const { logger, defaultOwner } = this.deps;
    const body = await this.client.undeclaredTables();
    if (!body) {
      logger.info('No fleet snapshot yet: discovered tables unchanged');
      return undefined;
    }
    const location = `${PLUGIN_ID}:${body.location}`;
    const entities: Entity[] = body.tables.map(table => {
      const entity = buildDiscoveredTableEntity(table, defaultOwner);
      return {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
          },
        },
      };
    });
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    logger.info('Discovered DynamoDB tables applied to the catalog', {
      scanId: body.scanId,
      entities: entities.length,
    });
    return entities.length;
  }
}
