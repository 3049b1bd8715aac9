import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { JsonValue } from '@backstage/types';

/** A value and when it was read. */
export interface Cached<T> {
  value: T;
  fetchedAt: string;
}

/** How a value was served: current, or stale (with why) after the source failed to refresh it. */
export type Served<T> = Cached<T> & { stale: boolean; staleReason?: string };

/** Where entries live: the plugin's CacheService, or `memoryStore()` for values kept in this process. */
export type CacheStore = Pick<CacheService, 'get' | 'set' | 'delete'>;

/** The lifetimes of a `ReadThroughCache`'s values, in milliseconds. */
export interface CacheLifetimes {
  /** Served as read for this long; the first read after it starts one refresh in the background. */
  ttlMs: number;
  /**
   * The hard maximum age of a value served as current (default twice `ttlMs`): an older one is never served
   * while the source answers, a read waits for the source instead. Refresh failures of any kind keep the
   * value served (marked stale, with why) until then.
   */
  maxAgeMs?: number;
  /**
   * The hard maximum age of any value served (at least `maxAgeMs`): past `maxAgeMs`, a value is served only
   * while the source is unavailable (`ServiceUnavailableError`), marked stale, so an outage of AWS does not
   * blank the portal; past this age, never.
   */
  staleTtlMs: number;
  /** After a failed refresh, the next one starts no sooner than this (default a tenth of `ttlMs`, ≤ 10 s). */
  retryAfterMs?: number;
}

interface KeyState {
  /** No background refresh starts before this time. */
  notBefore: number;
  failure?: { reason: string; unavailable: boolean };
}

const MAX_TRACKED_KEYS = 10_000;

function remember<V>(map: Map<string, V>, key: string, value: V) {
  // Insertion order makes the Map a cheap FIFO bound.
  map.delete(key);
  if (map.size >= MAX_TRACKED_KEYS) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** A bounded in-process store (FIFO, `MAX_TRACKED_KEYS` entries); ages are judged by `ReadThroughCache`. */
export function memoryStore(): CacheStore {
  const entries = new Map<string, JsonValue>();
  return {
    get: async <V extends JsonValue>(key: string) =>
      entries.get(key) as V | undefined,
    set: async (key, value) => remember(entries, key, value),
    delete: async key => {
      entries.delete(key);
    },
  };
}

/**
 * A read-through cache that never makes the readers of a value wait for its expiry (stale-while-revalidate
 * with single flight, per process):
 * - a value younger than `ttlMs` is served as is;
 * - a value older than `ttlMs` but younger than `maxAgeMs` is served at once, and the first such read starts
 *   the one refresh of that key; the others keep using the current value meanwhile;
 * - a failed refresh is logged, keeps the current value (marked stale) and is retried after `retryAfterMs`;
 *   the error is never stored, so "could not read" is never served as an answer;
 * - without a value younger than `maxAgeMs` (first read, or no reads for a while), reads wait for the
 *   source, all of them for one call; when it is unavailable a value younger than `staleTtlMs` is served
 *   marked stale, and again at once (with a background retry) until the source answers.
 */
export class ReadThroughCache<T> {
  // Values are JSON-serialisable by contract (they may go through the CacheService); T stays the caller's type.
  private readonly inFlight = new Map<string, Promise<Cached<T>>>();
  private readonly states = new Map<string, KeyState>();
  private readonly ttlMs: number;
  private readonly maxAgeMs: number;
  private readonly staleTtlMs: number;
  private readonly retryAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: CacheStore,
    private readonly options: CacheLifetimes & {
      now?: () => number;
      logger?: LoggerService;
      /** What the values are, for the log. */
      name?: string;
    },
  ) {
    this.ttlMs = options.ttlMs;
    this.maxAgeMs = Math.max(options.maxAgeMs ?? 2 * options.ttlMs, this.ttlMs);
    this.staleTtlMs = Math.max(options.staleTtlMs, this.maxAgeMs);
    this.retryAfterMs =
      options.retryAfterMs ?? Math.min(options.ttlMs / 10, 10_000);
    this.now = options.now ?? Date.now;
  }

  async get(key: string, load: () => Promise<T>): Promise<Served<T>> {
    const entry = await this.entry(key);
    const age = entry ? this.now() - Date.parse(entry.fetchedAt) : Infinity;
    const failure = this.states.get(key)?.failure;
    const served = (): Served<T> => ({
      ...entry!,
      stale: !!failure,
      ...(failure ? { staleReason: failure.reason } : {}),
    });
    if (age < this.ttlMs) return { ...entry!, stale: false };
    if (
      age < this.maxAgeMs ||
      (failure?.unavailable && age < this.staleTtlMs)
    ) {
      this.refreshInBackground(key, load);
      return served();
    }
    try {
      return { ...(await this.refresh(key, load, entry)), stale: false };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableError) || age >= this.staleTtlMs)
        throw error;
      return { ...entry!, stale: true, staleReason: error.message };
    }
  }

  /** Drops a key's value: the next read waits for the source. */
  async forget(key: string): Promise<void> {
    this.states.delete(key);
    await this.store.delete(`swr:${key}`);
  }

  private async entry(key: string): Promise<Cached<T> | undefined> {
    const entry = (await this.store.get(`swr:${key}`)) as Cached<T> | undefined;
    // The store's own TTL is a bound on memory; the age is judged here, on this clock.
    if (!entry || this.now() - Date.parse(entry.fetchedAt) >= this.staleTtlMs)
      return undefined;
    return entry;
  }

  private refreshInBackground(key: string, load: () => Promise<T>) {
    if (this.inFlight.has(key)) return;
    if (this.now() < (this.states.get(key)?.notBefore ?? 0)) return;
    // Failures are recorded and logged by refresh; readers are served the current value meanwhile.
    this.refresh(key, load, true).catch(() => {});
  }

  /** Stores a value read; a store that fails costs later reads a call to the source, not this one. */
  private async keep(key: string, entry: Cached<T>) {
    try {
      await this.store.set(`swr:${key}`, entry as unknown as JsonValue, {
        ttl: this.staleTtlMs,
      });
    } catch (error) {
      this.options.logger?.warn('Could not store a cached value', {
        cache: this.options.name,
        key,
        error: String(error),
      });
    }
  }

  /** The one call to the source for `key` at a time; its outcome decides the next refresh. */
  private refresh(
    key: string,
    load: () => Promise<T>,
    current: unknown,
  ): Promise<Cached<T>> {
    let pending = this.inFlight.get(key);
    if (pending) return pending;
    pending = (async () => {
      try {
        const entry: Cached<T> = {
          value: await load(),
          fetchedAt: new Date(this.now()).toISOString(),
        };
        remember(this.states, key, { notBefore: this.now() + this.ttlMs });
        await this.keep(key, entry);
        return entry;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        remember(this.states, key, {
          notBefore: this.now() + this.retryAfterMs,
          failure: {
            reason,
            unavailable: error instanceof ServiceUnavailableError,
          },
        });
        if (current)
          this.options.logger?.warn(
            'Could not refresh a cached value; the current one is kept',
            { cache: this.options.name, key, error: reason },
          );
        throw error;
      }
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, pending);
    return pending;
  }
}
