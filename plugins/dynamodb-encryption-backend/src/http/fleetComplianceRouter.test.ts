import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  ComplianceExportLine,
  CONTROL_RESULTS,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import express from 'express';
import request from 'supertest';
import { createFleetRouter } from './fleetRouter';
import { FleetStore } from '../store/fleetStore';
import { startFleetBackend } from '../__testUtils__/fleetBackend';

jest.setTimeout(60_000);

const keyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
const auth = mockCredentials.user.header();

function table(name: string) {
  return {
    arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`,
    name,
    accountId: '111111111111',
    region: 'us-east-1',
  };
}
const cost = { monthlyUsd: 1, breakdown: [], assumptions: {} };
const orders: FleetRow = {
  table: table('orders'),
  encryption: {
    keyType: 'CUSTOMER_MANAGED',
    kmsKeyArn: keyArn,
    aliases: ['alias/orders-data'],
    keyState: 'Enabled',
    rotation: { enabled: true, periodDays: 365 },
    keyPolicy: {
      verdict: 'undetermined',
      reason: 'The key policy delegates to IAM',
    },
  },
  cost,
  findings: [],
  owner: 'group:default/orders-team',
};
const sessions: FleetRow = {
  table: table('sessions'),
  encryption: { keyType: 'AWS_OWNED', aliases: [] },
  cost,
  findings: [],
  // Kept from an earlier scan that could not be repeated for its account and region.
  context: { scanId: 0, tablesSharingKey: 1, accountKmsTables: 0 },
  stale: { since: '2026-11-29T00:00:00.000Z', reason: 'AccessDenied' },
};

const byControl = (lines: ComplianceExportLine[], t: string, id: string) =>
  lines.find(l => l.table === t && l.controlId === id);

describe('GET /fleet/compliance.json and .csv', () => {
  it('gives one line per table and control, with evidence, read time and scan', async () => {
    const server = await startFleetBackend([orders, sessions]);
    const latest = await request(server)
      .get('/api/dynamodb-encryption/fleet/scans/latest')
      .set('Authorization', auth);
    const json = await request(server)
      .get('/api/dynamodb-encryption/fleet/compliance.json')
      .set('Authorization', auth);
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toBe(
      'attachment; filename="dynamodb-encryption-compliance.json"',
    );
    const lines: ComplianceExportLine[] = JSON.parse(json.text);
    expect(lines.every(l => CONTROL_RESULTS.includes(l.result))).toBe(true);
    expect(json.text).not.toMatch(/meets|not met/);

    // The key policy defers to IAM: no least-privilege evidence, whatever the key type.
    expect(byControl(lines, 'orders', '3.6.1')).toMatchObject({
      framework: 'PCI DSS v4.0.1',
      result: 'unknown',
      evidence: expect.stringContaining('IAM policies'),
      owner: 'group:default/orders-team',
      scanId: latest.body.id,
      readAt: latest.body.finishedAt,
      stale: false,
    });
    expect(byControl(lines, 'orders', 'KMS.4')).toMatchObject({
      result: 'evidence-present',
      reference:
        'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4',
    });
    // A kept row says when it was last read and by which scan.
    expect(byControl(lines, 'sessions', '3.7.4')).toMatchObject({
      result: 'evidence-missing',
      readAt: '2026-11-29T00:00:00.000Z',
      scanId: 0,
      stale: true,
    });
    // Controls on customer managed keys give the AWS owned table no line.
    expect(byControl(lines, 'sessions', 'KMS.4')).toBeUndefined();

    const csv = await request(server)
      .get('/api/dynamodb-encryption/fleet/compliance.csv')
      .set('Authorization', auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe(
      'tableArn,accountId,region,table,owner,framework,controlId,title,result,evidence,reference,readAt,scanId,stale',
    );
    expect(rows).toHaveLength(lines.length + 1);
    expect(
      rows.find(r => r.includes(',orders,') && r.includes(',KMS.4,')),
    ).toMatch(/,evidence-present,"Automatic rotation is on, every 365 days",/);
  });

  it('applies the filters on screen, refuses a bad one (400) and a caller without credentials (401)', async () => {
    const server = await startFleetBackend([orders, sessions]);
    const owned = await request(server)
      .get('/api/dynamodb-encryption/fleet/compliance.json')
      .query({ keyType: 'AWS_OWNED', limit: 1 })
      .set('Authorization', auth);
    const lines: ComplianceExportLine[] = JSON.parse(owned.text);
    expect(new Set(lines.map(l => l.table))).toEqual(new Set(['sessions']));

    const bad = await request(server)
      .get('/api/dynamodb-encryption/fleet/compliance.csv?keyType=CHEAP')
      .set('Authorization', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid keyType/);
    expect(bad.headers['content-disposition']).toBeUndefined();
    expect(
      (
        await request(server).get(
          '/api/dynamodb-encryption/fleet/compliance.json',
        )
      ).status,
    ).toBe(401);
  });
});

describe('the compliance export while scans come and go', () => {
  function router(store: Partial<FleetStore>) {
    return express()
      .use(
        createFleetRouter({
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          permissions: mockServices.permissions(),
          readAccess: async () => ({ scope: 'all' }),
          scheduler: mockServices.scheduler.mock(),
          store: store as FleetStore,
        }),
      )
      .use(mockErrorHandler());
  }
  const scan = (id: number, finishedAt: string) => ({
    id,
    status: 'complete' as const,
    startedAt: finishedAt,
    finishedAt,
    progress: { done: 1, total: 1 },
    awsRequests: 1,
    errors: [],
  });

  it('dates rows by the scan that read them when a newer scan completes mid-export', async () => {
    const summary = jest
      .fn()
      .mockResolvedValueOnce({
        figuresScan: scan(1, '2026-11-30T00:00:00.000Z'),
      })
      .mockResolvedValue({ figuresScan: scan(2, '2026-12-01T00:00:00.000Z') });
    const fromScan2 = {
      ...orders,
      context: { scanId: 2, tablesSharingKey: 1, accountKmsTables: 1 },
    };
    const res = await request(
      router({
        summary,
        async *allTables() {
          yield fromScan2;
        },
      }),
    )
      .get('/fleet/compliance.json')
      .set('Authorization', auth);
    const lines: ComplianceExportLine[] = JSON.parse(res.text);
    expect(lines[0]).toMatchObject({
      scanId: 2,
      readAt: '2026-12-01T00:00:00.000Z',
    });
    expect(summary).toHaveBeenCalledTimes(2);
  });

  it('is an empty list before any scan completed', async () => {
    const res = await request(
      router({
        summary: jest.fn().mockResolvedValue({}),
        async *allTables() {},
      }),
    )
      .get('/fleet/compliance.json')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual([]);
  });
});
