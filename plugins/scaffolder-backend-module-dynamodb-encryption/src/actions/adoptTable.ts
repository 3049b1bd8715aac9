import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DynamoDbEncryptionClient } from '@dynamodb-encryption/backstage-plugin-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { examples } from './adoptTable.examples';

/** The route's own refusal (400, 404) as the action's error, with the route's words. */
function asActionError(e: unknown): Error {
  if (!(e instanceof ResponseError)) return e as Error;
  const message = e.body?.error?.message ?? e.message;
  if (e.response.status === 400) return new InputError(message);
  if (e.response.status === 404) return new NotFoundError(message);
  return e;
}

/**
 * `dynamodb:application:adopt`: brings a discovered table into GitOps as it is. It asks the DynamoDB
 * encryption plugin's adoption preview (`POST /adopt/preview`, on behalf of the user who runs the template,
 * so the entity is read as they may see it): the table read as the ACK controller will read it, rendered by
 * the create flow's renderers into an Application the controller adopts without a write, and the table's
 * catalog-info.yaml. It writes both into the workspace for the publish step, or refuses with the preview's
 * reasons. A dry run does the same reads and writes only into its workspace.
 */
export function createAdoptTableAction(deps: {
  client: Pick<DynamoDbEncryptionClient, 'adoptionPreview'>;
}) {
  return createTemplateAction({
    id: 'dynamodb:application:adopt',
    description:
      'Renders the KubeVela Application that adopts a discovered DynamoDB table as it is, and its catalog entity.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The discovered table entity, such as resource:default/orders-111111111111-us-east-1',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace folder for the files; default apps/<tableName>',
            ),
      },
      output: {
        folder: z => z.string().describe('Workspace folder of the two files'),
        applicationPath: z =>
          z.string().describe('Workspace path of the Application'),
        catalogInfoPath: z =>
          z.string().describe('Workspace path of catalog-info.yaml'),
        manifest: z => z.string().describe('The Application YAML'),
        tableName: z => z.string(),
        tableArn: z => z.string(),
        keyType: z =>
          z.string().describe('AWS_OWNED, AWS_MANAGED or CUSTOMER_MANAGED'),
        declaredEntityRef: z =>
          z.string().describe('The entity the commit declares the table as'),
        keptOutsideGitOps: z =>
          z
            .array(z.string())
            .describe(
              'What the table keeps that the Application does not declare, each with what happens to it',
            ),
      },
    },
    async handler(ctx) {
      const preview = await deps.client
        .adoptionPreview(
          ctx.input.entityRef,
          await ctx.getInitiatorCredentials(),
        )
        .catch(e => {
          throw asActionError(e);
        });
      if (preview.refusals.length || !preview.files)
        throw new InputError(
          `Cannot adopt table ${preview.table.name} (${
            preview.table.accountId
          }/${preview.table.region}): ${preview.refusals.join('; ')}`,
        );
      const { files } = preview;
      const folder = ctx.input.targetPath ?? files.folder;
      const applicationPath = posix.join(folder, 'application.yaml');
      const catalogInfoPath = posix.join(folder, 'catalog-info.yaml');
      for (const [path, text] of [
        [applicationPath, files.application],
        [catalogInfoPath, files.catalogInfo],
      ] as const) {
        const target = resolveSafeChildPath(ctx.workspacePath, path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, text);
      }
      const kept = preview.gaps.map(
        g => `${g.feature} (${g.effect}): ${g.consequence}`,
      );
      kept.forEach(k => ctx.logger.warn(`Not declared: ${k}`));
      ctx.logger.info(
        `${
          ctx.isDryRun ? 'Dry run: ' : ''
        }wrote ${applicationPath} and ${catalogInfoPath}, adopting ${
          preview.table.arn
        } as ${preview.declaredEntityRef}`,
      );
      ctx.output('folder', folder);
      ctx.output('applicationPath', applicationPath);
      ctx.output('catalogInfoPath', catalogInfoPath);
      ctx.output('manifest', files.application);
      ctx.output('tableName', preview.table.name);
      ctx.output('tableArn', preview.table.arn);
      ctx.output('keyType', preview.keyType!);
      ctx.output('declaredEntityRef', preview.declaredEntityRef!);
      ctx.output('keptOutsideGitOps', kept);
    },
  });
}
