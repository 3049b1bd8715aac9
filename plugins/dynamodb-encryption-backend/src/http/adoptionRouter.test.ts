import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildDiscoveredTableEntity,
  DYNAMODB_TABLE_ARN_ANNOTATION,
} from '@dynamodb-encryption/backstage-plugin-common';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from '../plugin';

const discovered = buildDiscoveredTableEntity(
  { tableName: 'orders', accountId: '111111111111', region: 'us-east-1' },
  'group:default/orders-team',
) as Entity;
const declared: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ledger',
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]:
        'arn:aws:dynamodb:us-east-1:111111111111:table/ledger',
    },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/payments-team' },
};

async function backend(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const { server } = await startTestBackend({
    features: [
      dynamoDbEncryptionPlugin,
      mockServices.rootConfig.factory({
        data: {
          // Nothing here reaches AWS: every answer below is given before a read.
          dynamodbEncryption: { awsEndpoint: 'http://127.0.0.1:9' },
        },
      }),
      mockServices.permissions.factory({ result }),
      catalogServiceMock.factory({ entities: [discovered, declared] }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}

const path = '/api/dynamodb-encryption/adopt/preview';
const user = mockCredentials.user.header();

describe('POST /adopt/preview', () => {
  it('needs credentials', async () => {
    const server = await backend();
    const res = await request(server)
      .post(path)
      .send({ entityRef: 'resource:default/orders-111111111111-us-east-1' });
    expect(res.status).toBe(401);
  });

  it('answers 400 naming entityRef for a missing, malformed or declared entity', async () => {
    const server = await backend();
    const post = (body: object) =>
      request(server).post(path).set('Authorization', user).send(body);

    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      'Invalid entityRef: Required: the discovered table entity',
    );
    const malformed = await post({ entityRef: 'resource:default/' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^Invalid entityRef: /);
    const notString = await post({ entityRef: 42 });
    expect(notString.status).toBe(400);
    expect(notString.body.error.message).toMatch(/^Invalid entityRef: /);

    const isDeclared = await post({ entityRef: 'resource:default/ledger' });
    expect(isDeclared.status).toBe(400);
    expect(isDeclared.body.error.message).toBe(
      'Invalid entityRef: resource:default/ledger is not a discovered table (no dynamodb-encryption.io/discovered annotation): it is declared already',
    );
  });

  it('answers 404 for an entity the caller may not read, or that does not exist', async () => {
    const denied = await backend(AuthorizeResult.DENY);
    const res = await request(denied)
      .post(path)
      .set('Authorization', user)
      .send({ entityRef: 'resource:default/orders-111111111111-us-east-1' });
    expect(res.status).toBe(404);

    const server = await backend();
    const missing = await request(server)
      .post(path)
      .set('Authorization', user)
      .send({ entityRef: 'resource:default/nothing' });
    expect(missing.status).toBe(404);
  });
});
