import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  callsKms,
  describeEncryption,
  FleetChange,
  FleetRow,
  keyAccountIdOf,
  TableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  readTables,
} from '@dynamodb-encryption/backstage-plugin-node';
import { entitiesForArns } from '../scan/catalogJoin';
import { assessFleetRow, FleetRowDeps } from '../scan/fleetRowAssessment';
import type { FleetStore } from '../store/fleetStore';
import type { AppliedRow, DeletedTable } from '../store/eventRows';

/** What applying a batch of changes did to the snapshot. */
export interface AppliedChanges {
  /** The snapshot changed; undefined when there was none yet (the first scan reads everything). */
  scanId?: number;
  /** Tables re-read. */
  tables: number;
  /** Rows stored, with the rows they replaced. */
  stored: AppliedRow[];
  /** Tables DynamoDB no longer has, and their rows removed from the snapshot. */
  deleted: DeletedTable[];
  removed: FleetRow[];
}

/**
 * Re-assesses only what AWS events changed, in the snapshot readers see: a key change re-reads that key and the
 * tables the snapshot has on it (or, for an alias, naming it), a table change that table and its key; each key
 * is read once for the whole batch. The rows go through the one assessment (`assessFleetRow`) with the
 * estate's context as the snapshot counts it, keep their declaring entity (a table the snapshot did not have
 * is joined with the catalog), and replace their rows only over older reads. A table DynamoDB no longer has
 * leaves the snapshot.
 */
export function createEventApplier(
  deps: FleetRowDeps & {
    clients: AwsClientFactory;
    store: FleetStore;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
    /** AWS calls in flight. */
    concurrency: number;
  },
) {
  const { store } = deps;

  /** The tables to re-read, by ARN: a key's tables keep their tags, a table event reads them again. */
  async function tablesOf(scanId: number, changes: FleetChange[]) {
    const keyChanges = changes.filter(c => c.kind === 'key');
    const onKeys = keyChanges.length
      ? await store.eventRows.rowsOfKeys(scanId, {
          kmsKeyArns: [...new Set(keyChanges.flatMap(c => c.kmsKeyArns))],
          aliases: keyChanges.flatMap(c => c.aliases),
        })
      : [];
    const named = changes.flatMap(c => (c.kind === 'table' ? [c.table] : []));
    const namedRows = await store.latestRows(named.map(t => t.arn));
    const previous = new Map<string, FleetRow>();
    const wanted = new Map<string, TableArn & { withTags?: boolean }>();
    for (const row of onKeys) {
      previous.set(row.table.arn, row);
      wanted.set(row.table.arn, {
        arn: row.table.arn,
        partition: row.table.arn.split(':')[1] ?? 'aws',
        accountId: row.table.accountId,
        region: row.table.region,
        tableName: row.table.name,
      });
    }
    named.forEach((table, i) => {
      const row = namedRows[i];
      if (row) previous.set(table.arn, row);
      wanted.set(table.arn, { ...table, withTags: true });
    });
    return { previous, wanted: [...wanted.values()] };
  }

  return {
    async apply(changes: FleetChange[]): Promise<AppliedChanges> {
      const scanId = await store.snapshotId();
      const none = { tables: 0, stored: [], deleted: [], removed: [] };
      if (scanId === undefined || !changes.length) return { scanId, ...none };
      const { previous, wanted } = await tablesOf(scanId, changes);
      // When AWS was read: before the first request, so a later consumer's read always counts as newer.
      const readAt = new Date().toISOString();
      const reads = await readTables(deps.clients, wanted, {
        concurrency: deps.concurrency,
      });
      // Every re-read table's declaring entity as the catalog has it now (its tags decide policies).
      const entities = await entitiesForArns(
        deps,
        reads.filter(r => !r.gone).map(r => r.arn),
      );
      const deleted: DeletedTable[] = reads
        .filter(read => read.gone)
        .map(read => ({ arn: read.arn, readAt }));
      const found = reads.flatMap(read => (read.gone ? [] : [read]));
      const encryptions = found.map(read =>
        describeEncryption(read.observation),
      );
      // The estate's context of every re-read table at once, as the snapshot counts it.
      const contexts = await store.eventRows.contextsFor(
        scanId,
        found.map((read, i) => ({
          arn: read.arn,
          kmsKeyArn: encryptions[i].kmsKeyArn,
          keyAccountId:
            keyAccountIdOf(encryptions[i].kmsKeyArn) ??
            read.observation.table.accountId,
          callsKms: callsKms(encryptions[i]),
        })),
      );
      const rows = found.map((read, i) => {
        const before = previous.get(read.arn);
        const change = latestChange(changes, read.arn, before);
        return assessFleetRow(
          deps,
          {
            observation: read.observation,
            // A key's tables keep the tags the snapshot read; a table event read them again.
            awsTags: 'awsTags' in read ? read.awsTags : before?.awsTags,
            awsTagsRefused: read.awsTagsRefused,
          },
          {
            entity: entities.get(read.arn),
            fleet: contexts[i],
            readAt,
            event: change && { name: change.name, time: change.time },
          },
        );
      });
      const stored = await store.eventRows.store(scanId, rows);
      const removed = await store.eventRows.remove(scanId, deleted);
      if (stored.length || removed.length) await store.refreshSummary(scanId);
      return { scanId, tables: reads.length, stored, deleted, removed };
    },
  };
}

/** The latest of the changes that touched this table: named it, or its key (by ARN or alias) in the snapshot. */
function latestChange(
  changes: FleetChange[],
  arn: string,
  before: FleetRow | undefined,
): FleetChange | undefined {
  const key = before?.encryption.kmsKeyArn;
  const aliases = before?.encryption.aliases ?? [];
  return changes
    .filter(c =>
      c.kind === 'table'
        ? c.table.arn === arn
        : (!!key && c.kmsKeyArns.includes(key)) ||
          c.aliases.some(
            a =>
              aliases.includes(a.alias) &&
              a.accountId === before?.table.accountId &&
              a.region === before?.table.region,
          ),
    )
    .reduce<FleetChange | undefined>(
      (latest, c) => (!latest || latest.time <= c.time ? c : latest),
      undefined,
    );
}

/** @public */
export type EventApplier = ReturnType<typeof createEventApplier>;
