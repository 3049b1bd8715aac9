import {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { fnv1a32 } from '@dynamodb-encryption/backstage-plugin-common';

/** How long a replica waits for another replica's start-up step before it gives up. */
export const STARTUP_LOCK_TIMEOUT_MS = 120_000;

// First key of PostgreSQL's two-key advisory locks: this plugin's start-up steps.
const LOCK_CLASS = 0x44444245;

// A stable 32-bit key per step name (as PostgreSQL's signed int), the same on every replica.
const stepKey = (step: string): number => fnv1a32(step) | 0;

/**
 * Runs a start-up step that creates or migrates tables in the plugin's database on one replica at a time.
 *
 * knex's migration lock cannot do this on an empty database: replicas starting together race to create
 * knex's own bookkeeping tables ("already exists", or a duplicate key in `pg_type`), and two of them can each
 * insert the lock row, after which every migration on that database fails with "Migration table is already
 * locked". So on PostgreSQL a transaction holds an advisory lock for the step's duration (the step itself
 * runs on other pooled connections) and the other replicas wait for it, logging what they wait for, up to
 * `timeoutMs`. Other databases run the step directly: SQLite serves one process.
 */
export async function runExclusively<T>(
  database: DatabaseService,
  options: { step: string; logger?: LoggerService; timeoutMs?: number },
  step: () => Promise<T>,
): Promise<T> {
  const knex = await database.getClient();
  if (knex.client.dialect !== 'postgresql') return step();
  const timeoutMs = Math.ceil(options.timeoutMs ?? STARTUP_LOCK_TIMEOUT_MS);
  const key = [LOCK_CLASS, stepKey(options.step)];
  return knex.transaction(async trx => {
    const {
      rows: [{ locked }],
    } = await trx.raw('SELECT pg_try_advisory_xact_lock(?, ?) AS locked', key);
    if (!locked) {
      const since = Date.now();
      options.logger?.info(
        `Waiting for another replica to finish ${options.step} (up to ${timeoutMs} ms)`,
      );
      // SET LOCAL ends with this transaction; it takes no bind parameters, hence the integer above.
      await trx.raw(`SET LOCAL lock_timeout = ${timeoutMs}`);
      try {
        await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', key);
      } catch (e) {
        if ((e as { code?: string }).code === '55P03') {
          throw new Error(
            `Gave up after ${timeoutMs} ms waiting for another replica to finish ${options.step}; ` +
              'check for a replica stuck in start-up on this database',
          );
        }
        throw e;
      }
      options.logger?.info(
        `Another replica finished ${options.step} after ${
          Date.now() - since
        } ms; continuing`,
      );
    }
    return step();
  });
}

/**
 * Schedules a task while holding the start-up lock: Backstage's scheduler migrates its own tables in the
 * plugin's database on the first global task, and replicas doing that together race the same way.
 */
export function scheduleTaskExclusively(
  deps: {
    scheduler: SchedulerService;
    database: DatabaseService;
    logger: LoggerService;
  },
  task: Parameters<SchedulerService['scheduleTask']>[0],
): Promise<void> {
  return runExclusively(
    deps.database,
    { step: "the scheduler's table migrations", logger: deps.logger },
    () => deps.scheduler.scheduleTask(task),
  );
}
