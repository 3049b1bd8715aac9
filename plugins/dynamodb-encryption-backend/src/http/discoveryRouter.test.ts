import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { dynamoDbEncryptionPlugin } from '../plugin';

describe('GET /fleet/undeclared', () => {
  it('answers services only, 404 before the first complete scan, then the scan’s undeclared tables', async () => {
    const { server } = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.rootConfig.factory({
          data: {
            dynamodbEncryption: {
              awsEndpoint: 'http://127.0.0.1:9',
              // No targets: a scan completes at once with no tables.
              fleet: {
                schedule: {
                  frequency: { hours: 24 },
                  timeout: { minutes: 5 },
                  initialDelay: { hours: 1 },
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const path = '/api/dynamodb-encryption/fleet/undeclared';
    const service = mockCredentials.service.header();

    expect(
      (
        await request(server)
          .get(path)
          .set('Authorization', mockCredentials.user.header())
      ).status,
    ).toBe(403);
    const before = await request(server)
      .get(path)
      .set('Authorization', service);
    expect(before.status).toBe(404);
    expect(before.body.error.message).toBe('no complete fleet scan yet');

    await request(server)
      .post('/api/dynamodb-encryption/fleet/scans')
      .set('Authorization', mockCredentials.user.header())
      .expect(202);
    let latest;
    for (let i = 0; i < 50; i++) {
      latest = (
        await request(server)
          .get('/api/dynamodb-encryption/fleet/scans/latest')
          .set('Authorization', service)
      ).body;
      if (latest?.status === 'complete') break;
      await new Promise(r => setTimeout(r, 100));
    }
    const after = await request(server).get(path).set('Authorization', service);
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ scanId: latest.id, tables: [] });
  });
});
