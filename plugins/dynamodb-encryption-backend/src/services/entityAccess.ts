import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DYNAMODB_TABLE_RESOURCE_TYPE,
  dynamoDbEncryptionTableReadPermission,
} from '@internal/plugin-dynamodb-encryption-common';

/**
 * Loads entities the way the caller may see them: with the caller's credentials (catalog permissions
 * apply) and then `dynamodb-encryption.table.read`. Missing, unreadable and denied all answer 404, so the
 * API never tells whether an entity the caller may not see exists.
 */
export function createEntityAccess(deps: {
  catalog: CatalogService;
  permissions: PermissionsService;
}) {
  const { catalog, permissions } = deps;

  async function allowed(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await permissions.authorize(
      [
        {
          permission: dynamoDbEncryptionTableReadPermission,
          resourceRef: stringifyEntityRef(entity),
        },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  return {
    async entity(
      ref: CompoundEntityRef,
      credentials: BackstageCredentials,
    ): Promise<Entity> {
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity || !(await allowed(entity, credentials))) {
        throw new NotFoundError(
          `No entity ${ref.kind}:${ref.namespace}/${ref.name}`,
        );
      }
      return entity;
    },

    /** The readable, permitted entities among `refs`, in order. */
    async entities(
      refs: string[],
      credentials: BackstageCredentials,
    ): Promise<Entity[]> {
      if (!refs.length) return [];
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials },
      );
      const found = items.filter((e): e is Entity => !!e);
      const decisions = await Promise.all(
        found.map(e => allowed(e, credentials)),
      );
      return found.filter((_, i) => decisions[i]);
    },
  };
}

/**
 * The table entities a Component (`dependsOn`) or System (`hasPart`) uses that the caller may read.
 */
export async function dependentTableEntities(
  access: EntityAccess,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const relation =
    entity.kind.toLowerCase() === 'system' ? 'hasPart' : 'dependsOn';
  const refs = (entity.relations ?? [])
    .filter(r => r.type === relation && r.targetRef.startsWith('resource:'))
    .map(r => r.targetRef);
  return (await access.entities(refs, credentials)).filter(
    e => e.spec?.type === DYNAMODB_TABLE_RESOURCE_TYPE,
  );
}

export type EntityAccess = ReturnType<typeof createEntityAccess>;
