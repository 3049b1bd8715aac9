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
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DYNAMODB_TABLE_RESOURCE_TYPE,
  dynamoDbEncryptionTableReadPermission,
} from '@internal/plugin-dynamodb-encryption-common';

/**
 * How long an entity read from the catalog is reused for later requests. Only the entity's content is reused:
 * whether the caller may read it is decided on every request.
 */
export const ENTITY_REUSE_MS = 30_000;
const MAX_REUSED_ENTITIES = 10_000;

/**
 * Loads entities the way the caller may see them: with the caller's credentials (catalog permissions
 * apply) and then `dynamodb-encryption.table.read`. Missing, unreadable and denied all answer 404, so the
 * API never tells whether an entity the caller may not see exists.
 *
 * A warm report used to cost a full catalog read (with its own permission round trip) plus our permission
 * round trip, about twice a catalog read. An entity read in the last `ENTITY_REUSE_MS` is reused instead,
 * and the catalog's read permission and ours are decided together, for this caller, in one round trip.
 */
export function createEntityAccess(deps: {
  catalog: CatalogService;
  permissions: PermissionsService;
  now?: () => number;
}) {
  const { catalog, permissions } = deps;
  const now = deps.now ?? Date.now;
  const recent = new Map<string, { entity: Entity; until: number }>();

  async function allowed(
    entityRef: string,
    credentials: BackstageCredentials,
    alsoCatalogRead: boolean,
  ): Promise<boolean> {
    const requests = [
      {
        permission: dynamoDbEncryptionTableReadPermission,
        resourceRef: entityRef,
      },
    ];
    if (alsoCatalogRead)
      requests.push({
        permission: catalogEntityReadPermission,
        resourceRef: entityRef,
      });
    const decisions = await permissions.authorize(requests, { credentials });
    return decisions.every(d => d.result === AuthorizeResult.ALLOW);
  }

  function remember(key: string, entity: Entity) {
    // Insertion order makes the Map a cheap FIFO bound.
    if (recent.size >= MAX_REUSED_ENTITIES)
      recent.delete(recent.keys().next().value!);
    recent.set(key, { entity, until: now() + ENTITY_REUSE_MS });
  }

  return {
    async entity(
      ref: CompoundEntityRef,
      credentials: BackstageCredentials,
    ): Promise<Entity> {
      // Entity refs are case-insensitive in the catalog.
      const key = stringifyEntityRef(ref).toLocaleLowerCase('en-US');
      const notFound = new NotFoundError(
        `No entity ${ref.kind}:${ref.namespace}/${ref.name}`,
      );
      const hit = recent.get(key);
      if (hit && hit.until > now()) {
        if (!(await allowed(stringifyEntityRef(hit.entity), credentials, true)))
          throw notFound;
        return hit.entity;
      }
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (
        !entity ||
        !(await allowed(stringifyEntityRef(entity), credentials, false))
      )
        throw notFound;
      remember(key, entity);
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
        found.map(e => allowed(stringifyEntityRef(e), credentials, false)),
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
