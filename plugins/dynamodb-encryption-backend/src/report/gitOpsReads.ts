import {
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ApplicationStatus } from '@dynamodb-encryption/backstage-plugin-common';
import {
  DesiredState,
  loadApplicationStatus,
  loadDesiredState,
  unreadableManifest,
} from './desiredState';
import { ReadThroughCache } from './reportCache';

/**
 * How long a report reuses an Application status, and the hard maximum age at which it is served: a refusal
 * reaches the page within seconds, without a read of Git on every request.
 */
export const STATUS_REUSE_MS = 5_000;
export const STATUS_MAX_AGE_MS = 15_000;

/**
 * What a table's page reads from Git, each value refreshed by one request in the background while the others
 * keep the current one (`ReadThroughCache`):
 * - the manifest's desired state: reused `ttlMs`, never served past twice that (it changes rarely: read it
 *   once per cache period, not on every card render);
 * - the Application status: reused `STATUS_REUSE_MS`, never served past `STATUS_MAX_AGE_MS`.
 * A read that fails keeps the value read before (logged); without one, the manifest is a finding and the
 * status unknown, neither of them stored.
 */
export function createGitOpsReads(deps: {
  urlReader: UrlReaderService;
  logger: LoggerService;
  cache: CacheService;
  ttlMs: number;
  now?: () => number;
}) {
  const { logger, now } = deps;
  const manifests = new ReadThroughCache<DesiredState>(deps.cache, {
    ttlMs: deps.ttlMs,
    staleTtlMs: 2 * deps.ttlMs,
    now,
    logger,
    name: 'Application manifests',
  });
  // Stored as JSON: `null` is "no status yet", an answer.
  const statuses = new ReadThroughCache<ApplicationStatus | null>(deps.cache, {
    ttlMs: STATUS_REUSE_MS,
    maxAgeMs: STATUS_MAX_AGE_MS,
    staleTtlMs: STATUS_MAX_AGE_MS,
    now,
    logger,
    name: 'Application statuses',
  });

  return {
    async desired(
      entity: Entity,
      ref: string,
      tableName: string,
    ): Promise<DesiredState> {
      try {
        const served = await manifests.get(`manifest:${ref}:${tableName}`, () =>
          loadDesiredState(deps, entity, tableName),
        );
        return served.value;
      } catch (e) {
        logger.warn('Could not read an Application manifest', {
          entityRef: ref,
          error: String(e),
        });
        return unreadableManifest(entity);
      }
    },

    /** Forgets what was read of the entity's Application, so the next report reads Git again. */
    async forget(ref: string, tableName: string): Promise<void> {
      await manifests.forget(`manifest:${ref}:${tableName}`);
      await statuses.forget(`status:${ref}`);
    },

    async status(
      entity: Entity,
      ref: string,
    ): Promise<ApplicationStatus | undefined> {
      try {
        const served = await statuses.get(
          `status:${ref}`,
          async () => (await loadApplicationStatus(deps, entity)) ?? null,
        );
        return served.value ?? undefined;
      } catch (e) {
        logger.warn('Could not read an Application status', {
          entityRef: ref,
          error: String(e),
        });
        return undefined;
      }
    },
  };
}
