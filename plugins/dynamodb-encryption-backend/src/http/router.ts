import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { makeValidator } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import {
  AssessmentContext,
  keyTypeChoiceEstimates,
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  dynamoDbEncryptionKmsKeyListPermission,
  REGION_MESSAGE,
  REGION_PATTERN,
} from '@dynamodb-encryption/backstage-plugin-common';
import { z } from 'zod/v3';
import { EncryptionReportService } from '../report/encryptionReportService';
import { parseInput } from './input';
import { requirePermission } from './requirePermission';
import { ScorecardFactsService } from '../report/scorecardFacts';
import { KmsKeyService } from '@dynamodb-encryption/backstage-plugin-node';
import { TableNameService } from '../report/tableNameService';

// The catalog's own naming rules (letters, digits and - _ ., at most 63 characters).
const validator = makeValidator();
const entityParams = z.object({
  namespace: z
    .string()
    .refine(v => validator.isValidNamespace(v), 'not a catalog namespace'),
  kind: z.string().refine(v => validator.isValidKind(v), 'not a catalog kind'),
  name: z
    .string()
    .refine(v => validator.isValidEntityName(v), 'not a catalog entity name'),
});
const keyQuery = z.object({
  accountId: z
    .string()
    .regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE)
    .optional(),
  region: z.string().regex(REGION_PATTERN, REGION_MESSAGE),
});

const tableNameQuery = keyQuery.extend({
  // The name rule itself is answered in words by the check; this only bounds what reaches AWS.
  tableName: z.string().min(1).max(1024),
});

function entityRef(params: unknown) {
  return parseInput(entityParams, params);
}

/** The plugin's HTTP surface; logic lives in the services. */
export async function createRouter(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  reports: EncryptionReportService;
  scorecards: ScorecardFactsService;
  keys: KmsKeyService;
  tableNames: TableNameService;
  defaultAccountId?: string;
  /** Prices and assumptions for the key options' estimates. */
  cost?: Pick<AssessmentContext, 'pricing' | 'assumptions'>;
}): Promise<express.Router> {
  const { httpAuth, reports, keys } = deps;
  // Every route but /health: a signed-in user, or another plugin on a user's behalf or its own.
  const caller = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(
    '/entities/:namespace/:kind/:name/encryption',
    async (req, res) => {
      const ref = entityRef(req.params);
      const credentials = await caller(req);
      res.json(await reports.getReport(ref, credentials));
    },
  );

  router.get('/entities/:namespace/:kind/:name/tables', async (req, res) => {
    const ref = entityRef(req.params);
    const credentials = await caller(req);
    res.json({ items: await reports.getDependentTables(ref, credentials) });
  });

  // Scorecard facts (Tech Insights) from the latest complete fleet scan; `facts: null` before a scan saw it.
  router.get(
    '/entities/:namespace/:kind/:name/scorecard-facts',
    async (req, res) => {
      const ref = entityRef(req.params);
      const credentials = await caller(req);
      res.json({
        facts: (await deps.scorecards.factsFor(ref, credentials)) ?? null,
      });
    },
  );

  router.get('/kms-keys', async (req, res) => {
    const credentials = await caller(req);
    await requirePermission(
      deps.permissions,
      credentials,
      dynamoDbEncryptionKmsKeyListPermission,
      'You may not list KMS keys',
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
      choices: keyTypeChoiceEstimates(
        { accountId, region: query.region },
        deps.cost,
      ),
      items: await keys.listKeyOptions(
        { accountId, region: query.region },
        deps.cost,
      ),
    });
  });

  router.get('/table-names/check', async (req, res) => {
    await caller(req);
    const query = parseInput(tableNameQuery, req.query);
    const accountId = query.accountId ?? deps.defaultAccountId;
    if (!accountId)
      throw new InputError(
        'Invalid accountId: required (no dynamodbEncryption.defaultAccountId is configured)',
      );
    res.json(
      await deps.tableNames.check(
        { accountId, region: query.region },
        query.tableName,
      ),
    );
  });

  return router;
}
