import { CacheService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';

/** A value and when it was read. */
export interface Cached<T> {
  value: T;
  fetchedAt: string;
}

/** How a value was served: fresh from the source, from the cache, or stale after the source failed. */
export type Served<T> = Cached<T> & { stale: boolean; staleReason?: string };

/**
 * A read-through cache for AWS reads:
 * - fresh values are served for `ttlMs`;
 * - concurrent identical cold reads share one call to the source (request coalescing);
 * - when the source is unavailable after an earlier success, the last value is served marked stale
 *   (kept `staleTtlMs`), so a brief AWS outage does not blank the portal.
 */
export class ReadThroughCache<T> {
  // Values are JSON-serialisable by contract (they go through the CacheService); T stays the caller's type.
  private readonly inFlight = new Map<string, Promise<Cached<T>>>();

  constructor(
    private readonly cache: CacheService,
    private readonly options: {
      ttlMs: number;
      staleTtlMs: number;
      now?: () => Date;
    },
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<Served<T>> {
    const fresh = await this.cache.get<Cached<T> & JsonValue>(`fresh:${key}`);
    if (fresh) return { ...(fresh as Cached<T>), stale: false };
    try {
      return { ...(await this.load(key, load)), stale: false };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      const last = await this.cache.get<Cached<T> & JsonValue>(`last:${key}`);
      if (!last) throw error;
      return {
        ...(last as Cached<T>),
        stale: true,
        staleReason: error.message,
      };
    }
  }

  private load(key: string, load: () => Promise<T>): Promise<Cached<T>> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const entry: Cached<T> = {
          value: await load(),
          fetchedAt: (this.options.now?.() ?? new Date()).toISOString(),
        };
        await this.cache.set(`fresh:${key}`, entry as unknown as JsonValue, {
          ttl: this.options.ttlMs,
        });
        await this.cache.set(`last:${key}`, entry as unknown as JsonValue, {
          ttl: this.options.staleTtlMs,
        });
        return entry;
      })().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }
}
