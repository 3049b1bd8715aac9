import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  dynamoDbEncryptionKmsKeyListPermission,
  REGION_MESSAGE,
  REGION_PATTERN,
} from '@internal/plugin-dynamodb-encryption-common';
import { z } from 'zod';
import { EncryptionReportService } from './services/encryptionReportService';
import { KmsKeyService } from './services/kmsKeyService';

// Catalog naming rules: letters, digits and [-_.], at most 63 characters.
const entityPart = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
const entityParams = z.object({
  namespace: entityPart,
  kind: entityPart,
  name: entityPart,
});
const keyQuery = z.object({
  accountId: z
    .string()
    .regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE)
    .optional(),
  region: z.string().regex(REGION_PATTERN, REGION_MESSAGE),
});

/** Parses request input with a schema; a failure is a 400 naming the parameter, never a 500. */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Invalid ${issue.path.join('.') || 'input'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

function entityRef(params: unknown) {
  const parsed = entityParams.safeParse(params);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'entity';
    throw new InputError(
      `Invalid ${field}: expected a catalog entity name part (letters, digits, - _ .)`,
    );
  }
  return parsed.data;
}

/** The plugin's HTTP surface; logic lives in the services. */
export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  reports: EncryptionReportService;
  keys: KmsKeyService;
  defaultAccountId?: string;
}): Promise<express.Router> {
  const { httpAuth, reports, keys } = deps;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(
    '/entities/:namespace/:kind/:name/encryption',
    async (req, res) => {
      const ref = entityRef(req.params);
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await reports.getReport(ref, credentials));
    },
  );

  router.get('/entities/:namespace/:kind/:name/tables', async (req, res) => {
    const ref = entityRef(req.params);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json({ items: await reports.getDependentTables(ref, credentials) });
  });

  router.get('/kms-keys', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await deps.permissions.authorize(
      [{ permission: dynamoDbEncryptionKmsKeyListPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `You may not list KMS keys (permission ${dynamoDbEncryptionKmsKeyListPermission.name})`,
      );
    const query = parseInput(keyQuery, req.query);
    const accountId = query.accountId ?? deps.defaultAccountId;
    if (!accountId)
      throw new InputError(
        'Invalid accountId: required (no dynamodbEncryption.defaultAccountId is configured)',
      );
    res.json({
      accountId,
      region: query.region,
      items: await keys.listKeyOptions({ accountId, region: query.region }),
    });
  });

  return router;
}
