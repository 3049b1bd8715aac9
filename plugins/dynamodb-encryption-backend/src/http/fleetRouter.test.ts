import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FleetRow,
  KeyType,
} from '@dynamodb-encryption/backstage-plugin-common';
import express from 'express';
import request from 'supertest';
import { createFleetRouter } from './fleetRouter';
import { FleetStore } from '../store/fleetStore';
import { startFleetBackend } from '../__testUtils__/fleetBackend';

jest.setTimeout(60_000);

const keyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

function row(i: number, keyType: KeyType): FleetRow {
  const name = `table-${String(i).padStart(5, '0')}`;
  return {
    table: {
      arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`,
      name,
      accountId: i % 2 ? '111111111111' : '222222222222',
      region: 'us-east-1',
    },
    encryption: {
      keyType,
      aliases: keyType === 'CUSTOMER_MANAGED' ? ['alias/orders-data'] : [],
      kmsKeyArn: keyType === 'CUSTOMER_MANAGED' ? keyArn : undefined,
      rotation:
        keyType === 'CUSTOMER_MANAGED' ? { enabled: i % 3 === 0 } : undefined,
    },
    cost: { monthlyUsd: 1, breakdown: [], assumptions: {} },
    findings:
      keyType === 'AWS_OWNED'
        ? [{ id: 'aws-owned-key', severity: 'info', title: 'owned' }]
        : [],
  };
}

describe('GET /fleet/export.csv', () => {
  const rows = Array.from({ length: 1203 }, (_, i) =>
    row(i, i % 4 === 0 ? 'CUSTOMER_MANAGED' : 'AWS_OWNED'),
  );

  it('streams every row in pages, and only the rows the filters on screen select', async () => {
    const server = await startFleetBackend(rows);
    const all = await request(server)
      .get('/api/dynamodb-encryption/fleet/export.csv')
      .set('Authorization', mockCredentials.user.header());
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = all.text.trim().split('\n');
    expect(lines[0]).toMatch(/^arn,account,region,table,keyType,/);
    // More than two store pages of 500: each row exactly once.
    expect(new Set(lines.slice(1)).size).toBe(1203);

    const filtered = await request(server)
      .get('/api/dynamodb-encryption/fleet/export.csv')
      .query({
        keyType: 'CUSTOMER_MANAGED',
        accountId: '222222222222',
        rotation: 'disabled',
        sort: 'name',
        limit: 10,
        cursor: 40,
      })
      .set('Authorization', mockCredentials.user.header());
    const body = filtered.text.trim().split('\n').slice(1);
    const expected = rows.filter(
      r =>
        r.encryption.keyType === 'CUSTOMER_MANAGED' &&
        r.table.accountId === '222222222222' &&
        !r.encryption.rotation?.enabled,
    );
    // Paging parameters of the table on screen do not cut the export short.
    expect(body).toHaveLength(expected.length);
    expect(body[0]).toContain(expected[0].table.arn);
    expect(body.every(l => l.includes(',CUSTOMER_MANAGED,'))).toBe(true);

    const byListing = await request(server)
      .get('/api/dynamodb-encryption/fleet/tables')
      .query({ keyType: 'CUSTOMER_MANAGED', kmsKeyArn: keyArn })
      .set('Authorization', mockCredentials.user.header());
    expect(byListing.body.total).toBe(
      rows.filter(r => r.encryption.kmsKeyArn === keyArn).length,
    );
  });

  it('answers 400 naming the field for a bad filter, and 401 without credentials', async () => {
    const server = await startFleetBackend(rows.slice(0, 3));
    const bad = await request(server)
      .get('/api/dynamodb-encryption/fleet/export.csv?severity=urgent')
      .set('Authorization', mockCredentials.user.header());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid severity/);
    expect(bad.headers['content-disposition']).toBeUndefined();
    expect(
      (await request(server).get('/api/dynamodb-encryption/fleet/export.csv'))
        .status,
    ).toBe(401);
  });
});

describe('GET /fleet/summary', () => {
  it('names the configured accounts and each key by its aliases', async () => {
    const server = await startFleetBackend([
      row(0, 'CUSTOMER_MANAGED'),
      row(4, 'CUSTOMER_MANAGED'),
      row(1, 'AWS_OWNED'),
    ]);
    const res = await request(server)
      .get('/api/dynamodb-encryption/fleet/summary')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.accounts).toEqual([
      {
        accountId: '111111111111',
        name: 'platform-prod',
        regions: ['us-east-1'],
      },
    ]);
    expect(res.body.cost.byKey).toEqual([
      {
        kmsKeyArn: keyArn,
        aliases: ['alias/orders-data'],
        tables: 2,
        monthlyUsd: 2,
      },
    ]);
  });
});

describe('the fleet routes with a policy that denies them', () => {
  it('answers 403 naming the permission on every fleet route', async () => {
    const server = await startFleetBackend(
      [row(1, 'AWS_OWNED')],
      AuthorizeResult.DENY,
    );
    for (const path of [
      '/fleet/tables',
      '/fleet/summary',
      '/fleet/scans/latest',
      '/fleet/export.csv',
      '/fleet/compliance.csv',
      '/fleet/compliance.json',
    ]) {
      const res = await request(server)
        .get(`/api/dynamodb-encryption${path}`)
        .set('Authorization', mockCredentials.user.header());
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.error.message).toContain(
        'permission dynamodb-encryption.fleet.read',
      );
      // A denied export never starts a download.
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    const scan = await request(server)
      .post('/api/dynamodb-encryption/fleet/scans')
      .set('Authorization', mockCredentials.user.header());
    expect(scan.status).toBe(403);
    expect(scan.body.error.message).toContain('dynamodb-encryption.fleet.scan');
  });
});

describe('POST /fleet/scans', () => {
  async function router(triggerTask: jest.Mock) {
    return express()
      .use(
        createFleetRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          permissions: mockServices.permissions(),
          readAccess: async () => ({ scope: 'all' }),
          scheduler: mockServices.scheduler.mock({ triggerTask }),
          store: {} as FleetStore,
        }),
      )
      .use(mockErrorHandler());
  }

  it('starts a scan (202), and answers 409 while one is already running', async () => {
    const triggerTask = jest.fn().mockResolvedValueOnce(undefined);
    const server = await router(triggerTask);
    const auth = mockCredentials.user.header();
    const started = await request(server)
      .post('/fleet/scans')
      .set('Authorization', auth);
    expect(started.status).toBe(202);
    expect(triggerTask).toHaveBeenCalledWith('dynamodb-encryption-fleet-scan');

    triggerTask.mockRejectedValueOnce(
      new ConflictError(
        'Task dynamodb-encryption-fleet-scan is currently running',
      ),
    );
    const busy = await request(server)
      .post('/fleet/scans')
      .set('Authorization', auth);
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toContain('currently running');
  });

  it('refuses a caller without credentials (401) before touching the scheduler', async () => {
    const triggerTask = jest.fn();
    const res = await request(await router(triggerTask)).post('/fleet/scans');
    expect(res.status).toBe(401);
    expect(triggerTask).not.toHaveBeenCalled();
  });
});
