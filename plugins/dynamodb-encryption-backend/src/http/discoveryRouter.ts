import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseTableArn } from '@dynamodb-encryption/backstage-plugin-common';
import express from 'express';
import Router from 'express-promise-router';
import { entitiesByArn } from '../scan/catalogJoin';
import { FleetStore } from '../store/fleetStore';

/**
 * `GET /fleet/undeclared`: the latest complete scan's tables that no catalog entity declares, for the
 * catalog module's entity provider. Services only (the provider calls it with its plugin token); 404
 * before the first complete scan, so the provider never mistakes "not scanned yet" for "no tables". A table
 * declared in the catalog since that scan (an adoption's commit) is left out at once, so its discovered
 * entity goes at the provider's next run instead of after the next scan.
 */
export function createDiscoveryRouter(deps: {
  httpAuth: HttpAuthService;
  store: FleetStore;
  catalog: CatalogService;
  auth: AuthService;
}): express.Router {
  const router = Router();
  router.get('/fleet/undeclared', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['service'] });
    const undeclared = await deps.store.undeclaredTables();
    if (!undeclared) throw new NotFoundError('no complete fleet scan yet');
    if (!undeclared.tables.length) {
      res.json(undeclared);
      return;
    }
    // The same join as the scan's: entities declaring a table by its ARN annotation, discovered ones left out.
    const key = (t: { accountId: string; region: string; tableName: string }) =>
      `${t.accountId}/${t.region}/${t.tableName}`;
    const declared = new Set(
      [...(await entitiesByArn(deps)).keys()].flatMap(arn => {
        const table = parseTableArn(arn);
        return table ? [key(table)] : [];
      }),
    );
    res.json({
      ...undeclared,
      tables: undeclared.tables.filter(t => !declared.has(key(t))),
    });
  });
  return router;
}
