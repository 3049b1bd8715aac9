import {
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  FleetAccount,
  fleetFilterShape,
  dynamoDbEncryptionFleetReadPermission,
  dynamoDbEncryptionFleetScanPermission,
  fleetCsvHeader,
  fleetCsvLine,
} from '@internal/plugin-dynamodb-encryption-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseInput } from './router';
import { FleetStore } from './services/fleetStore';
import { requirePermission } from './services/requirePermission';

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

/** The fleet's HTTP surface: scanned rows, the summary, scan status and the on-demand scan. */
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
