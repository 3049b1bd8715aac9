import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  expectedKeyType,
  KEY_TYPES,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  DynamoDbEncryptionClient,
  KmsKeyService,
  planKeyChange,
} from '@dynamodb-encryption/backstage-plugin-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { repositoryPathOf } from './repositoryPath';
import { examples } from './updateEncryption.examples';
import { unset } from './tableRequest';

/**
 * `dynamodb:application:update-encryption`: changes the key of a table declared by a KubeVela Application
 * in Git. It reads the table's entity from the catalog (with the initiator's credentials) and its
 * Application with the UrlReader, refuses what DynamoDB or a safe edit would not allow (saying what it
 * found), and writes the Application with only its `dynamodb-encryption-kro` trait changed into the
 * workspace at the manifest's path in the GitOps repository, for the template's publish step. A dry run reads
 * the same and writes only into the workspace.
 */
export function createUpdateEncryptionAction(deps: {
  catalog: CatalogService;
  urlReader: UrlReaderService;
  clients: AwsClientFactory;
  keys: KmsKeyService;
  /** The backend plugin, told when a change starts (not in a dry run) so the table's page follows it. */
  client?: Pick<DynamoDbEncryptionClient, 'keyChangeStarted'>;
  /** The sandbox's `dynamodbEncryption.localGitops.baseUrl`: manifests under it are in the local repository. */
  localGitopsBaseUrl?: string;
}) {
  return createTemplateAction({
    id: 'dynamodb:application:update-encryption',
    description:
      "Changes the key that protects a table declared by a KubeVela Application: edits only the Application's dynamodb-encryption-kro trait.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The table entity, such as resource:default/orders (kind resource and namespace default when left out)',
            ),
        keyChoice: z =>
          z
            .enum(KEY_TYPES)
            .describe('AWS_OWNED, AWS_MANAGED or CUSTOMER_MANAGED'),
        kmsKeyArn: z =>
          z
            .string()
            .optional()
            .describe(
              'The customer managed key: its ARN (a key id or alias is resolved to it); required with CUSTOMER_MANAGED, ignored otherwise',
            ),
        repositoryPath: z =>
          z
            .string()
            .optional()
            .describe(
              "The Application's path in the GitOps repository; default from the manifest URL (the local GitOps base URL, or a /blob/<branch>/ URL)",
            ),
      },
      output: {
        applicationPath: z =>
          z
            .string()
            .describe(
              'Workspace path of the edited Application (the same path as in the repository)',
            ),
        folder: z => z.string().describe('Its folder, for the publish step'),
        manifest: z => z.string().describe('The edited Application'),
        diff: z =>
          z
            .string()
            .describe('The unified diff against the Application in Git'),
        keyType: z =>
          z.string().describe('AWS_OWNED, AWS_MANAGED or CUSTOMER_MANAGED'),
        keyArn: z =>
          z
            .string()
            .optional()
            .describe('The customer managed key ARN, when there is one'),
        previousKeyType: z =>
          z
            .string()
            .optional()
            .describe(
              'What the Application asked for before, when it said it validly',
            ),
        tableName: z => z.string(),
        tableArn: z => z.string(),
        entityRef: z => z.string().describe('The table entity, in full'),
        manifestUrl: z =>
          z.string().describe('Where the catalog reads the Application'),
      },
    },
    async handler(ctx) {
      const kmsKeyArn = unset(ctx.input.kmsKeyArn) as string | undefined;
      let ref;
      try {
        ref = parseEntityRef(ctx.input.entityRef, {
          defaultKind: 'resource',
          defaultNamespace: 'default',
        });
      } catch (e) {
        throw new InputError(`entityRef: ${(e as Error).message}`);
      }
      const entityRef = stringifyEntityRef(ref);
      const entity = await deps.catalog.getEntityByRef(ref, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      if (!entity)
        throw new InputError(
          `entityRef ${entityRef}: no such entity in the catalog, or you may not read it`,
        );
      const plan = await planKeyChange(deps, entity, {
        keyChoice: ctx.input.keyChoice,
        kmsKeyArn:
          ctx.input.keyChoice === 'CUSTOMER_MANAGED' ? kmsKeyArn : undefined,
        diffPath: ctx.input.repositoryPath,
      });
      if (plan.refusals.length)
        throw new InputError(
          `Cannot change the key of ${entityRef}: ${plan.refusals
            .map(r => r.message)
            .join('; ')}`,
        );
      plan.notes.forEach(note => ctx.logger.warn(note));
      const repositoryPath =
        unset(ctx.input.repositoryPath) ??
        repositoryPathOf(plan.manifestUrl!, deps.localGitopsBaseUrl);
      const target = resolveSafeChildPath(
        ctx.workspacePath,
        repositoryPath as string,
      );
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, plan.manifest!.after);
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}wrote ${repositoryPath}:\n${
          plan.manifest!.diff
        }`,
      );
      const applicationPath = repositoryPath as string;
      if (!ctx.isDryRun && deps.client) {
        // Best effort: the change goes on without it, the page only follows it at its usual pace.
        await deps.client
          .keyChangeStarted(entityRef, await ctx.getInitiatorCredentials())
          .catch(e =>
            ctx.logger.warn(
              `The portal was not told of the key change, so the table's page may show it only after its cache period: ${e}`,
            ),
          );
      }
      ctx.output('applicationPath', applicationPath);
      ctx.output('folder', posix.dirname(applicationPath));
      ctx.output('manifest', plan.manifest!.after);
      ctx.output('diff', plan.manifest!.diff);
      ctx.output('keyType', ctx.input.keyChoice);
      if (plan.key) ctx.output('keyArn', plan.key.keyArn);
      if (plan.manifest!.desired)
        ctx.output('previousKeyType', expectedKeyType(plan.manifest!.desired));
      ctx.output('tableName', plan.table!.tableName);
      ctx.output('tableArn', plan.table!.arn);
      ctx.output('entityRef', entityRef);
      ctx.output('manifestUrl', plan.manifestUrl!);
    },
  });
}
