import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { AdoptionService } from '../adoption/adoptionService';
import { parseInput } from './input';

const previewBody = z.object({
  entityRef: z
    .string({ required_error: 'Required: the discovered table entity' })
    .min(1, 'Required: the discovered table entity'),
});

/**
 * `POST /adopt/preview {entityRef}`: what "Adopt into GitOps" would commit for a discovered table (the
 * Application, its catalog-info.yaml, what the definitions cannot declare) or why it refuses; the form's
 * preview and the `dynamodb:application:adopt` action both read it. A signed-in user or a service on a
 * user's behalf; the entity is read as the caller may see it.
 */
export function createAdoptionRouter(deps: {
  httpAuth: HttpAuthService;
  adoption: AdoptionService;
}): express.Router {
  const router = Router();
  router.use(express.json());
  router.post('/adopt/preview', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { entityRef } = parseInput(previewBody, req.body ?? {});
    let ref;
    try {
      ref = parseEntityRef(entityRef, {
        defaultKind: 'resource',
        defaultNamespace: 'default',
      });
    } catch (e) {
      throw new InputError(`Invalid entityRef: ${(e as Error).message}`);
    }
    res.json(await deps.adoption.preview(ref, credentials));
  });
  return router;
}
