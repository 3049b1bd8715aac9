import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { FleetStore } from '../store/fleetStore';

/**
 * `GET /fleet/undeclared`: the latest complete scan's tables that no catalog entity declares, for the
 * catalog module's entity provider. Services only (the provider calls it with its plugin token); 404
 * before the first complete scan, so the provider never mistakes "not scanned yet" for "no tables".
 */
export function createDiscoveryRouter(deps: {
  httpAuth: HttpAuthService;
  store: FleetStore;
}): express.Router {
  const router = Router();
  router.get('/fleet/undeclared', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['service'] });
    const undeclared = await deps.store.undeclaredTables();
    if (!undeclared) throw new NotFoundError('no complete fleet scan yet');
    res.json(undeclared);
  });
  return router;
}
