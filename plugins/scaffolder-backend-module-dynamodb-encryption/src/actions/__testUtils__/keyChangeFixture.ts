import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  formatTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  createAwsClientFactory,
  createKmsKeyService,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import {
  freePort,
  startMoto,
} from '@dynamodb-encryption/backstage-plugin-node/testUtils';
import { ChildProcess } from 'node:child_process';
import { createKey } from './sandbox';

export const GITOPS = 'https://github.com/example/gitops/blob/main';
export const region = 'us-east-1';
export const accountId = '777777777777';

/** A table entity declared by the Application at `apps/<name>/application.yaml` of the GitOps repository. */
export function tableEntity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        [DYNAMODB_TABLE_ARN_ANNOTATION]: formatTableArn({
          region,
          accountId,
          tableName: name,
        }),
        [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: `${GITOPS}/apps/${name}/application.yaml`,
        ...annotations,
      },
    },
    spec: { type: 'dynamodb-table', owner: 'group:default/orders-team' },
  };
}

/** A UrlReader over files kept in memory: a missing URL is a NotFoundError, as the real readers say it. */
export function memoryUrlReader(files: Map<string, string>): UrlReaderService {
  return {
    async readUrl(url: string) {
      const text = files.get(url);
      if (text === undefined) throw new NotFoundError(`${url} not found`);
      return { buffer: async () => Buffer.from(text, 'utf8') } as any;
    },
    readTree: () => Promise.reject(new Error('not used')),
    search: () => Promise.reject(new Error('not used')),
  };
}

/**
 * A moto server of the test's own with the keys and the table the key change tests need: a rotated customer
 * managed key (alias/orders-data), a disabled one, one pending deletion, one in eu-west-1, and the table
 * `orders` on the AWS owned key.
 */
export async function keyChangeSandbox() {
  const port = await freePort();
  const moto: ChildProcess = await startMoto(port);
  const clients = createAwsClientFactory(
    new ConfigReader(sandboxAwsConfig(`http://127.0.0.1:${port}`)),
  );
  const target = { accountId, region };
  const keys = {
    cmk: await createKey(clients, target, {
      alias: 'alias/orders-data',
      rotation: true,
    }),
    other: await createKey(clients, target, { rotation: true }),
    disabled: await createKey(clients, target, { state: 'Disabled' }),
    pending: await createKey(clients, target, { state: 'PendingDeletion' }),
    europe: await createKey(clients, { accountId, region: 'eu-west-1' }),
  };
  const dynamodb = await clients.dynamodb(target);
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  const files = new Map<string, string>();
  const entities = [
    tableEntity('orders'),
    tableEntity('missing-manifest'),
    tableEntity('undeclared', { [DISCOVERED_TABLE_ANNOTATION]: 'true' }),
  ];
  delete entities[1].metadata.annotations![
    DYNAMODB_APPLICATION_MANIFEST_ANNOTATION
  ];
  return {
    moto,
    clients,
    keys,
    kms: createKmsKeyService(clients),
    files,
    urlReader: memoryUrlReader(files),
    catalog: catalogServiceMock({ entities }),
  };
}
