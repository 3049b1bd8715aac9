import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EncryptionReportService } from './services/encryptionReportService';

// Catalog naming rules: letters, digits and [-_.], at most 63 characters.
const entityPart = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
const entityParams = z.object({ namespace: entityPart, kind: entityPart, name: entityPart });

function entityRef(params: unknown) {
  const parsed = entityParams.safeParse(params);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'entity';
    throw new InputError(`Invalid ${field}: expected a catalog entity name part (letters, digits, - _ .)`);
  }
  return parsed.data;
}

/** The plugin's HTTP surface; logic lives in the services. */
export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  reports: EncryptionReportService;
}): Promise<express.Router> {
  const { httpAuth, reports } = deps;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:namespace/:kind/:name/encryption', async (req, res) => {
    const ref = entityRef(req.params);
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await reports.getReport(ref, credentials));
  });

  router.get('/entities/:namespace/:kind/:name/tables', async (req, res) => {
    const ref = entityRef(req.params);
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await reports.getDependentTables(ref, credentials) });
  });

  return router;
}
