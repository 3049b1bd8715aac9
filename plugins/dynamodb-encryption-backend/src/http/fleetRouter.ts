import {
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  complianceExportLines,
  ComplianceSnapshot,
  FleetAccount,
  fleetFilterShape,
  dynamoDbEncryptionFleetReadPermission,
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
import { z } from 'zod';
import { parseInput } from './input';
import { FleetStore } from '../store/fleetStore';
import { requirePermission } from './requirePermission';

/** The id of the scheduled fleet scan task. */
export const FLEET_SCAN_TASK_ID = 'dynamodb-encryption-fleet-scan';

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
 * status and the on-demand scan.
 */
export function createFleetRouter(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  store: FleetStore;
  /** The accounts config names, shown until a complete scan records the accounts it covered. */
  accounts?: FleetAccount[];
}): express.Router {
  const { httpAuth, store } = deps;
  const router = Router();

  /** The caller's credentials, once the permission is granted; a denial is a 403 naming the permission. */
  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
    refusal: string,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(deps.permissions, credentials, permission, refusal);
    return credentials;
  };
  const canRead = (req: express.Request) =>
    authorize(
      req,
      dynamoDbEncryptionFleetReadPermission,
      'You may not read the DynamoDB fleet',
    );

  router.get('/fleet/tables', async (req, res) => {
    await canRead(req);
    res.json(await store.listTables(parseInput(tablesQuery, req.query)));
  });

  router.get('/fleet/export.csv', async (req, res) => {
    await canRead(req);
    // The filters on screen apply; paging does not (the export is every matching row).
    const { cursor, limit, ...filters } = parseInput(tablesQuery, req.query);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader(
      'content-disposition',
      'attachment; filename="dynamodb-encryption-fleet.csv"',
    );
    res.write(fleetCsvHeader());
    for await (const row of store.allTables(filters)) {
      // Respect backpressure so a slow download holds one page in memory, not the whole estate.
      if (!res.write(fleetCsvLine(row)) && !(await drained(res))) return;
    }
    res.end();
  });

  /** The snapshot the store serves rows from, with the time it read AWS. */
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
      await canRead(req);
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
      for await (const row of store.allTables(filters)) {
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
    await canRead(req);
    const summary = await store.summary();
    res.json({
      ...summary,
      // Config's accounts until a complete scan has recorded the accounts it covered.
      accounts: summary.accounts?.length
        ? summary.accounts
        : deps.accounts ?? [],
    });
  });

  router.get('/fleet/scans/latest', async (req, res) => {
    await canRead(req);
    res.json(
      (await store.latestScan()) ?? {
        status: 'none',
        progress: { done: 0, total: 0 },
      },
    );
  });

  router.post('/fleet/scans', async (req, res) => {
    await authorize(
      req,
      dynamoDbEncryptionFleetScanPermission,
      'You may not start a fleet scan',
    );
    await deps.scheduler.triggerTask(FLEET_SCAN_TASK_ID);
    res.status(202).json({ status: 'started' });
  });

  return router;
}
