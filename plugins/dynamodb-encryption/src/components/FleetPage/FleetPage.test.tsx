import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  FleetRow,
  FleetSummary,
} from '@internal/plugin-dynamodb-encryption-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
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
  byKeyType: { AWS_OWNED: 4, AWS_MANAGED: 2, CUSTOMER_MANAGED: 8 },
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
    const fetchFleetCsv = jest
      .fn()
      .mockResolvedValue(new Response('arn,account\nx,y\n'));
    const createObjectURL = jest.fn(() => 'blob:fleet');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function assertDownload(this: HTMLAnchorElement) {
        expect(this.download).toBe('dynamodb-encryption-fleet.csv');
        expect(this.href).toBe('blob:fleet');
      });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [permissionApiRef, mockApis.permission()],
          [
            dynamoDbEncryptionApiRef,
            {
              getFleetSummary: async () => summary,
              listFleetTables,
              getLatestScan: async () => summary.scan!,
              startScan,
              fetchFleetCsv,
            },
          ],
        ]}
      >
        <FleetPage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        routeEntries: ['/?keyType=CUSTOMER_MANAGED&pageSize=25&sort=bogus'],
      },
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
    // Filters and page size come from the URL; an unknown value falls back to the default.
    expect(listFleetTables).toHaveBeenLastCalledWith({
      keyType: 'CUSTOMER_MANAGED',
      sort: 'severity',
      cursor: 0,
      limit: 25,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(fetchFleetCsv).toHaveBeenCalledWith({
      keyType: 'CUSTOMER_MANAGED',
      sort: 'severity',
    });
    expect(await (createObjectURL.mock.calls[0] as any)[0].text()).toBe(
      'arn,account\nx,y\n',
    );

    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'group:default/orders-team' },
    });
    expect(listFleetTables).toHaveBeenLastCalledWith(
      expect.objectContaining({
        owner: 'group:default/orders-team',
        keyType: 'CUSTOMER_MANAGED',
        cursor: 0,
        limit: 25,
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Scan now' }));
    expect(startScan).toHaveBeenCalled();
  });
});
