import {
  BackstageCredentials,
  LoggerService,
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
} from '@dynamodb-encryption/backstage-plugin-common';
import { memoryStore, ReadThroughCache } from './reportCache';

/**
 * How long an entity read from the catalog is reused as is. Only the entity's content is reused: whether the
 * caller may read it is decided on every request. The first request after this starts one catalog read in
 * the background, for the others too; they keep the entity they have meanwhile.
 */
export const ENTITY_REUSE_MS = 30_000;
/**
 * The hard maximum age of a reused entity: an older one is never served, a request reads the catalog
 * instead. A failed background read keeps the entity until then (and is logged and retried).
 */
export const ENTITY_MAX_AGE_MS = 120_000;

/**
 * Loads entities the way the caller may see them: with the caller's credentials (catalog permissions
 * apply) and then `dynamodb-encryption.table.read`. Missing, unreadable and denied all answer 404, so the
 * API never tells whether an entity the caller may not see exists.
 *
 * A warm report used to cost a full catalog read (with its own permission round trip) plus our permission
 * round trip, about twice a catalog read. A recent entity (`ENTITY_REUSE_MS`, at most `ENTITY_MAX_AGE_MS`)
 * is reused instead, and the catalog's read permission and ours are decided together, for this caller, in
 * one round trip.
 */
export function createEntityAccess(deps: {
  catalog: CatalogService;
  permissions: PermissionsService;
  logger?: LoggerService;
  now?: () => number;
}) {
  const { catalog, permissions } = deps;
  const recent = new ReadThroughCache<Entity>(memoryStore(), {
    ttlMs: ENTITY_REUSE_MS,
    maxAgeMs: ENTITY_MAX_AGE_MS,
    staleTtlMs: ENTITY_MAX_AGE_MS,
    now: deps.now,
    logger: deps.logger,
    name: 'catalog entities',
  });

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
      let ownRead: Entity | undefined;
      const served = await recent.get(key, async () => {
        const entity = await catalog.getEntityByRef(ref, { credentials });
        if (!entity) {
          // Missing, or not for this caller: nothing is kept, the next request reads with its own credentials.
          await recent.forget(key);
          throw notFound;
        }
        ownRead = entity;
        return entity;
      });
      // The catalog applied its read permission to this caller's own read only: an entity read for another
      // caller (reused, or shared by a concurrent read) needs it decided here, in the same round trip.
      const entity = served.value;
      if (
        !(await allowed(
          stringifyEntityRef(entity),
          credentials,
          entity !== ownRead,
        ))
      )
        throw notFound;
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
