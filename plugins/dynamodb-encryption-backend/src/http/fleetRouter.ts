import {
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  complianceExportLines,
  ComplianceSnapshot,
  FleetAccount,
  FleetEventsStatus,
  fleetFilterShape,
  dynamoDbEncryptionFleetScanPermission,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  complianceCsvHeader,
  complianceCsvLines,
  fleetCsvHeader,
  fleetCsvLine,
} from '../store/csv';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { parseInput } from './input';
import { FleetStore } from '../store/fleetStore';
import { FleetReadAuthorizer } from '../permissions/fleetReadAccess';
import { requirePermission } from './requirePermission';

/** The id of the scheduled fleet scan task. */
export const FLEET_SCAN_TASK_ID = 'dynamodb-encryption-fleet-scan';

/** Says on every fleet read, exports included, whether the answer is the whole fleet or the reader's rows. */
export const FLEET_SCOPE_HEADER = 'x-dynamodb-encryption-fleet-scope';

const tablesQuery = z.object({
  ...fleetFilterShape(z),
  sort: z.enum(['name', 'cost', 'severity']).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Resolves true when the response can take more, false when the client went away. */
function drained(res: express.Response): Promise<boolean> {
  return new Promise(resolve => {
    const listeners = {
      drain: () => settle(true),
      close: () => settle(false),
    };
    function settle(ok: boolean) {
      res.off('drain', listeners.drain);
      res.off('close', listeners.close);
      resolve(ok);
    }
    res.once('drain', listeners.drain);
    res.once('close', listeners.close);
  });
}

/**
 * The fleet's HTTP surface: scanned rows and their CSV, the compliance evidence export, the summary, scan
 * status and the on-demand scan. Every read serves the rows the caller's fleet access allows, filtered in
 * the store's queries.
 */
export function createFleetRouter(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The caller's fleet access: the whole fleet, the rows a conditional decision allows, or a 403. */
  readAccess: FleetReadAuthorizer;
  scheduler: SchedulerService;
  store: FleetStore;
  /** The accounts config names, shown until a complete scan records the accounts it covered. */
  accounts?: FleetAccount[];
  /** The events queue read, when one is configured: the summary says how fresh the rows are. */
  eventsQueue?: FleetEventsStatus['queue'];
}): express.Router {
  const { httpAuth, store } = deps;
  const router = Router();

  const credentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  /** The caller's fleet access, named in a header; a denial is a 403 naming the permission. */
  const canRead = async (req: express.Request, res: express.Response) => {
    const access = await deps.readAccess(
      await credentials(req),
      'You may not read the DynamoDB fleet',
    );
    res.setHeader(FLEET_SCOPE_HEADER, access.scope);
    return access;
  };

  router.get('/fleet/access', async (req, res) => {
    res.json({ scope: (await canRead(req, res)).scope });
  });

  router.get('/fleet/tables', async (req, res) => {
    const { scope, filter } = await canRead(req, res);
    const query = parseInput(tablesQuery, req.query);
    res.json({ ...(await store.listTables(query, filter)), scope });
  });

  router.get('/fleet/export.csv', async (req, res) => {
    const { filter } = await canRead(req, res);
    // The filters on screen apply; paging does not (the export is every matching row).
    const { cursor, limit, ...filters } = parseInput(tablesQuery, req.query);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader(
      'content-disposition',
      'attachment; filename="dynamodb-encryption-fleet.csv"',
    );
    res.write(fleetCsvHeader());
    for await (const row of store.allTables(filters, filter)) {
      // Respect backpressure so a slow download holds one page in memory, not the whole estate.
      if (!res.write(fleetCsvLine(row)) && !(await drained(res))) return;
    }
    res.end();
  });

  /** The snapshot the store serves rows from, with the time it read AWS (the scan, not its figures). */
  const snapshot = async (): Promise<ComplianceSnapshot | undefined> => {
    const scan = (await store.summary()).figuresScan;
    return scan && { id: scan.id, readAt: scan.finishedAt ?? scan.startedAt };
  };

  /**
   * The auditor's export: one line per table and control, with the evidence and where it came from (the
   * scan that read the row, and when). The filters on screen apply, as to the fleet CSV.
   */
  const complianceExport =
    (format: 'csv' | 'json') =>
    async (req: express.Request, res: express.Response) => {
      const { filter } = await canRead(req, res);
      const { cursor, limit, ...filters } = parseInput(tablesQuery, req.query);
      let served = await snapshot();
      let refreshed = false;
      const linesOf = async (row: FleetRow) => {
        // A scan that completed after the export started serves the next pages: date them by it.
        const scanId = row.context?.scanId;
        if (
          !row.stale &&
          scanId !== undefined &&
          scanId !== served?.id &&
          !refreshed
        ) {
          served = await snapshot();
          refreshed = true;
        }
        return complianceExportLines(row, served);
      };
      res.setHeader(
        'content-type',
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/json; charset=utf-8',
      );
      res.setHeader(
        'content-disposition',
        `attachment; filename="dynamodb-encryption-compliance.${format}"`,
      );
      res.write(format === 'csv' ? complianceCsvHeader() : '[');
      let first = true;
      for await (const row of store.allTables(filters, filter)) {
        const lines = await linesOf(row);
        if (!lines.length) continue;
        const chunk =
          format === 'csv'
            ? complianceCsvLines(lines)
            : `${first ? '' : ','}\n${lines
                .map(l => JSON.stringify(l))
                .join(',\n')}`;
        first = false;
        if (!res.write(chunk) && !(await drained(res))) return;
      }
      res.end(format === 'csv' ? '' : '\n]\n');
    };
  router.get('/fleet/compliance.csv', complianceExport('csv'));
  router.get('/fleet/compliance.json', complianceExport('json'));

  router.get('/fleet/summary', async (req, res) => {
    const { scope, filter } = await canRead(req, res);
    const [summary, events] = await Promise.all([
      store.summary(filter),
      deps.eventsQueue ? store.eventLog.status(deps.eventsQueue) : undefined,
    ]);
    res.json({
      ...summary,
      ...(events ? { events } : {}),
      scope,
      // Config's accounts until a complete scan has recorded the accounts it covered.
      accounts: summary.accounts?.length
        ? summary.accounts
        : deps.accounts ?? [],
    });
  });

  router.get('/fleet/scans/latest', async (req, res) => {
    const { filter } = await canRead(req, res);
    res.json(
      (await store.latestScan(filter)) ?? {
        status: 'none',
        progress: { done: 0, total: 0 },
      },
    );
  });

  router.post('/fleet/scans', async (req, res) => {
    await requirePermission(
      deps.permissions,
      await credentials(req),
      dynamoDbEncryptionFleetScanPermission,
      'You may not start a fleet scan',
    );
    await deps.scheduler.triggerTask(FLEET_SCAN_TASK_ID);
    res.status(202).json({ status: 'started' });
  });

  return router;
}
