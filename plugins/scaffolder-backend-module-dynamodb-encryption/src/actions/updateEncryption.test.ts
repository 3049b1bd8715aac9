import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { diffLines } from '@dynamodb-encryption/backstage-plugin-common';
import { mockClient } from 'aws-sdk-client-mock';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  accountId,
  GITOPS,
  keyChangeSandbox,
  region,
} from './__testUtils__/keyChangeFixture';
import { createUpdateEncryptionAction } from './updateEncryption';

jest.setTimeout(60_000);

const manifest = `# The orders table, declared for KubeVela.
apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: orders
  annotations:
    dynamodb-encryption.io/aws-account-id: '${accountId}'
spec:
  components:
    - name: orders
      type: aws-dynamodb-kro
      properties:
        tableName: orders
        region: ${region}
        attributeDefinitions: [{attributeName: id, attributeType: S}]
        keySchema: [{attributeName: id, keyType: HASH}]
      traits:
        - type: dynamodb-protection-kro
          properties:
            deletionProtection: true # never drop it by mistake
        - type: dynamodb-encryption-kro
          properties:
            enabled: true
            sseType: AES256
`;
const url = `${GITOPS}/apps/orders/application.yaml`;

describe('dynamodb:application:update-encryption', () => {
  let sandbox: Awaited<ReturnType<typeof keyChangeSandbox>>;
  let action: ReturnType<typeof createUpdateEncryptionAction>;
  const workspace = createMockDirectory();

  beforeAll(async () => {
    sandbox = await keyChangeSandbox();
    action = createUpdateEncryptionAction({
      ...sandbox,
      keys: sandbox.kms,
      localGitopsBaseUrl: 'http://127.0.0.1:4580',
    });
  });
  afterAll(() => sandbox?.moto.kill());
  beforeEach(() => {
    workspace.clear();
    sandbox.files.set(url, manifest);
  });

  const run = async (
    input: Record<string, unknown>,
    options: { dryRun?: boolean } = {},
  ) => {
    const ctx = {
      ...createMockActionContext({
        input: { entityRef: 'resource:default/orders', ...input } as any,
        workspacePath: workspace.path,
      }),
      isDryRun: options.dryRun ?? false,
    };
    await action.handler(ctx as any);
    return ctx;
  };

  it('writes the Application with only the encryption trait changed, the key as its ARN, at its path in the repository', async () => {
    const ctx = await run({
      entityRef: 'orders',
      keyChoice: 'CUSTOMER_MANAGED',
      kmsKeyArn: 'alias/orders-data',
    });
    const written = await readFile(
      join(workspace.path, 'apps/orders/application.yaml'),
      'utf8',
    );
    expect(
      diffLines(manifest, written)
        .filter(d => d.op !== ' ')
        .map(d => `${d.op}${d.text}`),
    ).toEqual([
      '-            sseType: AES256',
      '+            sseType: KMS',
      `+            kmsKeyId: ${sandbox.keys.cmk}`,
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'applicationPath',
      'apps/orders/application.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('folder', 'apps/orders');
    expect(ctx.output).toHaveBeenCalledWith('keyArn', sandbox.keys.cmk);
    expect(ctx.output).toHaveBeenCalledWith('previousKeyType', 'AWS_OWNED');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/orders',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'diff',
      expect.stringContaining(`+            kmsKeyId: ${sandbox.keys.cmk}\n`),
    );
  });

  it('tells the backend plugin that the change started, on behalf of the user, never in a dry run', async () => {
    const keyChangeStarted = jest.fn().mockResolvedValue(undefined);
    const told = createUpdateEncryptionAction({
      ...sandbox,
      keys: sandbox.kms,
      client: { keyChangeStarted },
    });
    const ctx = (dryRun: boolean) => ({
      ...createMockActionContext({
        input: { entityRef: 'orders', keyChoice: 'AWS_MANAGED' } as any,
        workspacePath: workspace.path,
      }),
      isDryRun: dryRun,
    });
    await told.handler(ctx(true) as any);
    expect(keyChangeStarted).not.toHaveBeenCalled();
    const run1 = ctx(false);
    await told.handler(run1 as any);
    expect(keyChangeStarted).toHaveBeenCalledWith(
      'resource:default/orders',
      await run1.getInitiatorCredentials(),
    );
    // A portal that cannot be told does not stop the change.
    keyChangeStarted.mockRejectedValueOnce(new Error('backend down'));
    await told.handler(ctx(false) as any);
  });

  it('in a dry run reads the same and writes only into the workspace', async () => {
    const ctx = await run(
      { keyChoice: 'AWS_MANAGED', kmsKeyArn: '' },
      { dryRun: true },
    );
    expect(workspace.content()).toEqual({
      apps: { orders: { 'application.yaml': expect.any(String) } },
    });
    const app = parse(
      (workspace.content() as any).apps.orders['application.yaml'],
    );
    expect(app.spec.components[0].traits[1].properties).toEqual({
      enabled: true,
      sseType: 'KMS',
      kmsKeyId: 'alias/aws/dynamodb',
    });
    expect(ctx.output).toHaveBeenCalledWith('keyType', 'AWS_MANAGED');
  });

  it('finds the path of a manifest in the local GitOps repository, or takes the one given', async () => {
    const local = 'http://127.0.0.1:4580/apps/orders/application.yaml';
    sandbox.files.set(local, manifest);
    const entity = await sandbox.catalog.getEntityByRef(
      'resource:default/orders',
    );
    const annotations = entity!.metadata.annotations!;
    const before = annotations['dynamodb-encryption.io/application-manifest'];
    annotations['dynamodb-encryption.io/application-manifest'] = local;
    try {
      const ctx = await run({ keyChoice: 'AWS_MANAGED' });
      expect(ctx.output).toHaveBeenCalledWith(
        'applicationPath',
        'apps/orders/application.yaml',
      );
      const given = await run({
        keyChoice: 'AWS_MANAGED',
        repositoryPath: 'tables/orders.yaml',
      });
      expect(given.output).toHaveBeenCalledWith('folder', 'tables');
    } finally {
      annotations['dynamodb-encryption.io/application-manifest'] = before;
    }
  });

  it.each([
    [
      'a key of another region',
      () => ({ keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn: sandbox.keys.europe }),
      () =>
        `kmsKeyArn ${sandbox.keys.europe} is a key in eu-west-1; the table is in us-east-1, and DynamoDB uses keys of the table's region only`,
    ],
    [
      'a disabled key',
      () => ({
        keyChoice: 'CUSTOMER_MANAGED',
        kmsKeyArn: sandbox.keys.disabled,
      }),
      () =>
        `kmsKeyArn ${sandbox.keys.disabled}: the key is disabled; choose an enabled symmetric encryption key in ${accountId}/${region}`,
    ],
    [
      'a key pending deletion',
      () => ({
        keyChoice: 'CUSTOMER_MANAGED',
        kmsKeyArn: sandbox.keys.pending,
      }),
      () =>
        `kmsKeyArn ${sandbox.keys.pending}: the key is pending deletion; choose an enabled symmetric encryption key in ${accountId}/${region}`,
    ],
    [
      'a customer managed key without its key',
      () => ({ keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn: '' }),
      () => 'kmsKeyArn is required for a customer managed key',
    ],
    [
      'a key the Application already asks for',
      () => ({ keyChoice: 'AWS_OWNED' }),
      () =>
        'The Application already asks for the AWS owned key: nothing to change',
    ],
    [
      'an entity without its manifest',
      () => ({ entityRef: 'missing-manifest', keyChoice: 'AWS_MANAGED' }),
      () =>
        'resource:default/missing-manifest does not point to its Application manifest (annotation dynamodb-encryption.io/application-manifest)',
    ],
    [
      'a discovered table',
      () => ({ entityRef: 'undeclared', keyChoice: 'AWS_MANAGED' }),
      () =>
        'resource:default/undeclared is a discovered table that no Application declares: adopt it into GitOps first',
    ],
  ])('refuses %s, in words', async (_name, input, words) => {
    await expect(run(input())).rejects.toThrow(words());
    expect(workspace.content()).toEqual({});
  });

  it('refuses a manifest it cannot edit safely, saying what it found', async () => {
    sandbox.files.set(url, `${manifest}---\n${manifest}`);
    await expect(run({ keyChoice: 'AWS_MANAGED' })).rejects.toThrow(
      `Cannot change the key of resource:default/orders: The manifest holds 2 YAML documents; the action edits a file that holds one Application only (${url})`,
    );
    sandbox.files.delete(url);
    await expect(run({ keyChoice: 'AWS_MANAGED' })).rejects.toThrow(
      `The Application manifest ${url} is not there`,
    );
  });

  it('warns that the ACK controller never moves a customer managed key to the AWS managed key', async () => {
    sandbox.files.set(
      url,
      manifest.replace(
        'sseType: AES256',
        `sseType: KMS\n            kmsKeyId: ${sandbox.keys.cmk}`,
      ),
    );
    const ctx = {
      ...createMockActionContext({
        input: { entityRef: 'orders', keyChoice: 'AWS_MANAGED' } as any,
        workspacePath: workspace.path,
      }),
      isDryRun: true,
    };
    const warn = jest.spyOn(ctx.logger, 'warn');
    await action.handler(ctx as any);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The ACK controller \(v1\.9\.2\) never switches a table from a customer managed key to the AWS managed key/,
      ),
    );
  });

  it('refuses an entity the catalog does not have', async () => {
    await expect(
      run({ entityRef: 'resource:default/nope', keyChoice: 'AWS_OWNED' }),
    ).rejects.toThrow(
      'entityRef resource:default/nope: no such entity in the catalog, or you may not read it',
    );
  });

  it('refuses while the table is still switching its key (a state moto never reports)', async () => {
    const dynamodb = mockClient(DynamoDBClient);
    dynamodb.on(DescribeTableCommand).resolves({
      Table: {
        TableName: 'orders',
        SSEDescription: {
          Status: 'UPDATING',
          SSEType: 'KMS',
          KMSMasterKeyArn: sandbox.keys.other,
        },
      },
    });
    try {
      await expect(
        run({ keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn: sandbox.keys.cmk }),
      ).rejects.toThrow(
        'Table orders is still switching its key (DynamoDB reports SSE status UPDATING) and takes no other change until it finishes; try again once its key shows as enabled',
      );
    } finally {
      dynamodb.restore();
    }
  });
});
