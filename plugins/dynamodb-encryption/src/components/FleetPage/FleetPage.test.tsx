import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  FleetRow,
  FleetSummary,
} from '@internal/plugin-dynamodb-encryption-common';
import { fireEvent, screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { FleetPage } from './FleetPage';

const summary: FleetSummary = {
  scan: {
    id: 3,
    status: 'complete',
    startedAt: '2026-11-30T00:00:00.000Z',
    finishedAt: '2026-11-30T00:01:00.000Z',
    progress: { done: 14, total: 14 },
    awsRequests: 30,
    errors: [],
  },
  tables: 14,
  byKeyType: { AWS_OWNED: 4, AWS_MANAGED: 2, CUSTOMER_MANAGED: 8, UNKNOWN: 0 },
  rotation: { eligible: 8, rotated: 6 },
  cost: {
    monthlyUsd: 5.26,
    byKey: [],
    byOwner: [
      { owner: 'group:default/orders-team', tables: 3, monthlyUsd: 1.08 },
    ],
  },
  findings: {
    bySeverity: { critical: 2, high: 1, medium: 3, low: 0, info: 4 },
    unowned: 1,
  },
  trend: [],
};
const row: FleetRow = {
  table: {
    arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
    name: 'orders',
    accountId: '111111111111',
    region: 'us-east-1',
  },
  encryption: {
    keyType: 'CUSTOMER_MANAGED',
    aliases: ['alias/orders-data'],
    keyState: 'Enabled',
    rotation: { enabled: true },
  },
  cost: { monthlyUsd: 0.36, breakdown: [], assumptions: {} },
  findings: [],
  entityRef: 'resource:default/orders',
  owner: 'group:default/orders-team',
};

jest.setTimeout(30_000);

describe('FleetPage', () => {
  it('shows the summary, the scan, and the tables with server-side filters', async () => {
    const listFleetTables = jest
      .fn()
      .mockResolvedValue({ items: [row], total: 1 });
    const startScan = jest.fn().mockResolvedValue(undefined);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            dynamoDbEncryptionApiRef,
            {
              getFleetSummary: async () => summary,
              listFleetTables,
              getLatestScan: async () => summary.scan!,
              startScan,
              fleetExportUrl: async () =>
                'http://backend/api/dynamodb-encryption/fleet/export.csv',
            },
          ],
        ]}
      >
        <FleetPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('75%')).toBeInTheDocument();
    expect(screen.getByText('$5.26')).toBeInTheDocument();
    expect(
      await screen.findByText(
        /Last scan complete at 2026-11-30T00:01:00.000Z: 14 of 14 tables read, 2.14 AWS requests per table/,
      ),
    ).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'orders' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/orders',
    );
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      'http://backend/api/dynamodb-encryption/fleet/export.csv',
    );

    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'group:default/orders-team' },
    });
    expect(listFleetTables).toHaveBeenLastCalledWith(
      expect.objectContaining({
        owner: 'group:default/orders-team',
        cursor: 0,
        limit: 50,
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Scan now' }));
    expect(startScan).toHaveBeenCalled();
  });
});
