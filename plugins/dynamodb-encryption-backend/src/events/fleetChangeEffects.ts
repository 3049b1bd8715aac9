import { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  FLEET_SIGNAL_CHANNEL,
  FleetChange,
  FleetSignal,
} from '@dynamodb-encryption/backstage-plugin-common';
import type { EncryptionReportService } from '../report/encryptionReportService';
import type { FleetStore } from '../store/fleetStore';
import type { AppliedChanges } from './eventApplier';
import type { FindingNotifier } from './findingNotifier';

/**
 * What follows a change of the fleet's rows, whoever made it: the entity reports of re-read tables are
 * forgotten, owners are told of critical and high findings gained or cleared, and open pages are signalled.
 */
export function createFleetChangeEffects(deps: {
  store: FleetStore;
  reports: Pick<EncryptionReportService, 'forgetTables'>;
  notifier: FindingNotifier;
  signals?: SignalsService;
  logger: LoggerService;
}) {
  const { store, notifier, logger } = deps;

  // Open dashboards and entity pages read again; the signal names no table.
  const signal = async (message: FleetSignal) => {
    await deps.signals
      ?.publish({
        recipients: { type: 'broadcast' },
        channel: FLEET_SIGNAL_CHANNEL,
        message: { ...message },
      })
      .catch(e =>
        logger.warn('Could not signal a fleet change', {
          error: (e as Error).message,
        }),
      );
  };

  return {
    /** After events were applied: the rows they stored or removed. */
    async afterEvents(applied: AppliedChanges, changes: FleetChange[]) {
      if (!changes.length) return;
      const latest = changes.reduce((a, c) => (a.time > c.time ? a : c));
      await deps.reports.forgetTables([
        ...applied.stored.map(s => s.row.table.arn),
        ...applied.removed.map(r => r.table.arn),
      ]);
      await notifier.notify(
        [...applied.stored, ...applied.removed.map(previous => ({ previous }))],
        { name: latest.name, time: latest.time },
      );
      if (applied.stored.length || applied.removed.length)
        await signal({
          source: 'event',
          at: new Date().toISOString(),
          tables: applied.stored.length + applied.removed.length,
        });
    },

    /** After a scan: notify what it saw change first (against the snapshot before it), and tell open pages. */
    async afterScan(scanId: number) {
      const scan = await store.latestScan();
      if (scan?.id !== scanId || scan.status === 'failed') return;
      const before = await store.snapshotBefore(scanId);
      if (before !== undefined) {
        await notifier.notify(
          await store.eventRows.changesSince(before, scanId),
          { name: 'fleet scan', time: scan.startedAt },
        );
      }
      await signal({
        source: 'scan',
        at: new Date().toISOString(),
        tables: scan.progress.total,
      });
    },
  };
}
