import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AdoptionNameClaim,
  AdoptionPreview,
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  kubernetesNameForTable,
  notAdoptable,
  parseTableArn,
  planAdoption,
  TableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  readTableForAdoption,
} from '@dynamodb-encryption/backstage-plugin-node';
import { EntityAccess } from '../report/entityAccess';

/**
 * The catalog entities that hold a name the adopted table would take: a Resource of the table's name (its
 * declared entity's), or a declared table whose Application has the same Kubernetes name. Read with the
 * plugin's own credentials: a name is taken even when the caller cannot see who took it.
 */
async function nameClaims(
  deps: { catalog: CatalogService; auth: AuthService },
  table: TableArn,
  source: Entity,
): Promise<AdoptionNameClaim[]> {
  const { items } = await deps.catalog.getEntities(
    {
      filter: [
        { kind: 'Resource', 'metadata.name': table.tableName },
        { kind: 'Resource', 'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE },
      ],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  const kubernetesName = kubernetesNameForTable(table.tableName);
  const sourceRef = stringifyEntityRef(source);
  const claims: AdoptionNameClaim[] = [];
  for (const entity of items) {
    const entityRef = stringifyEntityRef(entity);
    if (entityRef === sourceRef) continue;
    const annotations = entity.metadata.annotations ?? {};
    const other = parseTableArn(
      annotations[DYNAMODB_TABLE_ARN_ANNOTATION] ?? '',
    );
    const sameName =
      entity.metadata.name.toLocaleLowerCase('en-US') ===
      table.tableName.toLocaleLowerCase('en-US');
    // Discovered entities have no Application: only their entity name can collide.
    const sameApplication =
      !!other &&
      !annotations[DISCOVERED_TABLE_ANNOTATION] &&
      kubernetesNameForTable(other.tableName) === kubernetesName;
    if (sameName || sameApplication)
      claims.push({
        entityRef,
        name: entity.metadata.name,
        tableArn: other?.arn,
      });
  }
  return claims;
}

/**
 * "Adopt into GitOps": what the commit would hold for a discovered table entity, or why it cannot. The entity
 * is read as the caller may see it (catalog permissions and `dynamodb-encryption.table.read`; anything else is
 * 404), the table as the ACK controller will read it, and the catalog for names already taken.
 */
export function createAdoptionService(deps: {
  access: EntityAccess;
  catalog: CatalogService;
  auth: AuthService;
  clients: AwsClientFactory;
}) {
  return {
    async preview(
      ref: CompoundEntityRef,
      credentials: BackstageCredentials,
    ): Promise<AdoptionPreview> {
      const entity = await deps.access.entity(ref, credentials);
      const source = {
        entityRef: stringifyEntityRef(entity),
        annotations: entity.metadata.annotations,
        owner:
          typeof entity.spec?.owner === 'string'
            ? entity.spec.owner
            : undefined,
        system:
          typeof entity.spec?.system === 'string'
            ? entity.spec.system
            : undefined,
      };
      const refused = notAdoptable(source);
      if (refused) throw new InputError(`Invalid entityRef: ${refused}`);
      const table = parseTableArn(
        source.annotations![DYNAMODB_TABLE_ARN_ANNOTATION],
      );
      if (!table)
        throw new InputError(
          `Invalid entityRef: the ${DYNAMODB_TABLE_ARN_ANNOTATION} annotation of ${source.entityRef} is not a DynamoDB table ARN`,
        );
      const [observation, claims] = await Promise.all([
        readTableForAdoption(deps.clients, table),
        nameClaims(deps, table, entity),
      ]);
      return planAdoption(observation, source, claims);
    },
  };
}

/** @public */
export type AdoptionService = ReturnType<typeof createAdoptionService>;
