import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { EncryptionReport } from '@dynamodb-encryption/backstage-plugin-common';
import type { KmsKeyService } from '@dynamodb-encryption/backstage-plugin-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import type { EncryptionReportService } from '../report/encryptionReportService';
import type { ScorecardFactsService } from '../report/scorecardFacts';
import type { TableNameService } from '../report/tableNameService';

const report = {
  table: {
    arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
    name: 'orders',
    accountId: '111111111111',
    region: 'us-east-1',
  },
  encryption: { keyType: 'AWS_OWNED', aliases: [] },
  findings: [],
  drift: [],
  fetchedAt: '2026-11-30T00:00:00.000Z',
  stale: false,
} as EncryptionReport;

async function app(
  options: {
    reports?: Partial<EncryptionReportService>;
    keys?: Partial<KmsKeyService>;
    scorecards?: Partial<ScorecardFactsService>;
    permissions?: ReturnType<typeof mockServices.permissions.mock>;
    defaultAccountId?: string;
  } = {},
) {
  const reports = {
    getReport: jest.fn().mockResolvedValue(report),
    getDependentTables: jest.fn().mockResolvedValue([]),
    ...options.reports,
  };
  const keys = {
    listKeyOptions: jest.fn().mockResolvedValue([]),
    resolveKey: jest.fn(),
    ...options.keys,
  };
  const scorecards = {
    factsFor: jest.fn().mockResolvedValue(undefined),
    ...options.scorecards,
  };
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    permissions: options.permissions ?? mockServices.permissions(),
    reports: reports as EncryptionReportService,
    scorecards: scorecards as ScorecardFactsService,
    tableNames: { check: jest.fn() } as unknown as TableNameService,
    keys: keys as KmsKeyService,
    defaultAccountId: options.defaultAccountId,
  });
  return {
    server: express().use(router).use(mockErrorHandler()),
    reports,
    keys,
    scorecards,
  };
}

const user = mockCredentials.user.header();
const encryption = '/entities/default/resource/orders/encryption';

describe('router', () => {
  it('answers /health without credentials', async () => {
    const { server } = await app();
    const res = await request(server).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    encryption,
    '/entities/default/component/shop/tables',
    '/entities/default/resource/orders/scorecard-facts',
    '/kms-keys?region=us-east-1&accountId=111111111111',
  ])('refuses %s without credentials (401)', async path => {
    const { server, reports, keys } = await app();
    const res = await request(server).get(path);
    expect(res.status).toBe(401);
    expect(reports.getReport).not.toHaveBeenCalled();
    expect(keys.listKeyOptions).not.toHaveBeenCalled();
  });

  it('serves the report of the entity named in the path, with the caller', async () => {
    const { server, reports } = await app();
    const res = await request(server)
      .get(encryption)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.table.name).toBe('orders');
    expect(reports.getReport).toHaveBeenCalledWith(
      { namespace: 'default', kind: 'resource', name: 'orders' },
      expect.objectContaining({ principal: expect.anything() }),
    );
  });

  it.each([
    ['/entities/default/resource/bad%20name/encryption', 'name'],
    [`/entities/default/resource/${'a'.repeat(64)}/encryption`, 'name'],
    ['/entities/de%24fault/resource/orders/encryption', 'namespace'],
    ['/entities/default/res%20ource/orders/tables', 'kind'],
  ])('refuses %s with a 400 naming %s', async (path, field) => {
    const { server, reports } = await app();
    const res = await request(server).get(path).set('Authorization', user);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`Invalid ${field}`);
    expect(reports.getReport).not.toHaveBeenCalled();
  });

  it.each([
    [new NotFoundError('No entity resource:default/orders'), 404],
    [new InputError('Annotation is not a DynamoDB table ARN'), 400],
    [new ServiceUnavailableError('AWS is throttling requests'), 503],
  ])('maps %s to %i', async (error, status) => {
    const { server } = await app({
      reports: { getReport: jest.fn().mockRejectedValue(error) },
    });
    const res = await request(server)
      .get(encryption)
      .set('Authorization', user);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toBe(error.message);
  });

  it('lists the tables a component depends on', async () => {
    const { server } = await app({
      reports: {
        getDependentTables: jest
          .fn()
          .mockResolvedValue([
            { entityRef: 'resource:default/orders', title: 'orders' },
          ]),
      },
    });
    const res = await request(server)
      .get('/entities/default/component/shop/tables')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
  });

  describe('/kms-keys', () => {
    it('lists keys of the account and region asked for', async () => {
      const { server, keys } = await app();
      const res = await request(server)
        .get('/kms-keys?region=eu-west-1&accountId=222222222222')
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accountId: '222222222222',
        region: 'eu-west-1',
        items: [],
      });
      expect(keys.listKeyOptions).toHaveBeenCalledWith(
        { accountId: '222222222222', region: 'eu-west-1' },
        undefined,
      );
    });

    it('uses the default account when none is asked for', async () => {
      const { server } = await app({ defaultAccountId: '111111111111' });
      const res = await request(server)
        .get('/kms-keys?region=us-east-1')
        .set('Authorization', user);
      expect(res.body.accountId).toBe('111111111111');
    });

    it.each([
      ['/kms-keys', 'region'],
      ['/kms-keys?region=mars', 'region'],
      ['/kms-keys?region=us-east-1&accountId=12', 'accountId'],
      ['/kms-keys?region=us-east-1', 'accountId'],
    ])('refuses %s with a 400 naming %s', async (path, field) => {
      const { server, keys } = await app();
      const res = await request(server).get(path).set('Authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`Invalid ${field}`);
      expect(keys.listKeyOptions).not.toHaveBeenCalled();
    });

    it('answers 403 naming the permission when listing keys is denied', async () => {
      const { server, keys } = await app({
        permissions: mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }),
      });
      const res = await request(server)
        .get('/kms-keys?region=us-east-1&accountId=111111111111')
        .set('Authorization', user);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'dynamodb-encryption.kms-keys.list',
      );
      expect(keys.listKeyOptions).not.toHaveBeenCalled();
    });

    it('answers 503 when KMS is throttling', async () => {
      const { server } = await app({
        keys: {
          listKeyOptions: jest
            .fn()
            .mockRejectedValue(new ServiceUnavailableError('throttled')),
        },
      });
      const res = await request(server)
        .get('/kms-keys?region=us-east-1&accountId=111111111111')
        .set('Authorization', user);
      expect(res.status).toBe(503);
    });
  });
});
