import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { KEY_TYPES } from '@dynamodb-encryption/backstage-plugin-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { KeyChangePreviewService } from '../keyChange/keyChangePreview';
import { parseInput } from './input';

const entityRef = z
  .string({ required_error: 'Required: the table entity' })
  .min(1, 'Required: the table entity')
  .transform((value, ctx) => {
    try {
      return parseEntityRef(value, {
        defaultKind: 'resource',
        defaultNamespace: 'default',
      });
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

const previewBody = z
  .object({
    entityRef,
    keyChoice: z.enum(KEY_TYPES, {
      errorMap: () => ({ message: `must be one of ${KEY_TYPES.join(', ')}` }),
    }),
    // Templates send an unchosen key as an empty string: not set.
    kmsKeyArn: z.preprocess(
      v => (v === '' ? undefined : v),
      z.string().max(2048).optional(),
    ),
  })
  .superRefine((body, ctx) => {
    if (body.keyChoice === 'CUSTOMER_MANAGED' && !body.kmsKeyArn)
      ctx.addIssue({
        code: 'custom',
        path: ['kmsKeyArn'],
        message: 'required for a customer managed key',
      });
  });

/**
 * `POST /key-change/started {entityRef}`: the key change task tells the plugin that the table's Application is
 * changing, so its page follows it closely for a while (204).
 *
 * `POST /key-change/preview {entityRef, keyChoice, kmsKeyArn?}`: what "Change key" would commit (the
 * Application's diff), what it costs before and after, what the portal knows of the table's recent key
 * switches, and every reason Create would be refused. A signed-in user or a service on a user's behalf;
 * the entity is read as the caller may see it (missing, unreadable and denied are all 404).
 */
export function createKeyChangeRouter(deps: {
  httpAuth: HttpAuthService;
  keyChanges: KeyChangePreviewService;
}): express.Router {
  const router = Router();
  router.use(express.json());
  router.post('/key-change/preview', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(previewBody, req.body ?? {});
    res.json(
      await deps.keyChanges.preview(
        {
          ref: body.entityRef,
          keyChoice: body.keyChoice,
          kmsKeyArn: body.kmsKeyArn,
        },
        credentials,
      ),
    );
  });
  // The task of a key change has started: the table's page follows its Application and AWS closely.
  router.post('/key-change/started', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const body = parseInput(z.object({ entityRef }), req.body ?? {});
    await deps.keyChanges.started(body.entityRef, credentials);
    res.status(204).end();
  });
  return router;
}
