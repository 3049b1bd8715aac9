import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  evaluateCompliance,
  FleetRow,
  FleetSummary,
} from '@dynamodb-encryption/backstage-plugin-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
  accounts: [
    {
      accountId: '111111111111',
      name: 'platform-prod',
      regions: ['us-east-1'],
    },
  ],
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
const managed: FleetRow = {
  table: {
    arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/sessions',
    name: 'sessions',
    accountId: '111111111111',
    region: 'us-east-1',
  },
  encryption: {
    keyType: 'AWS_MANAGED',
    kmsKeyArn:
      'arn:aws:kms:us-east-1:111111111111:key/0f3e1c2a-1111-2222-3333-444455556666',
    aliases: ['alias/aws/dynamodb'],
    rotation: { enabled: true, periodDays: 365, managedByAws: true },
  },
  cost: { monthlyUsd: 0.03, breakdown: [], assumptions: {} },
  findings: [
    {
      id: 'compliance-customer-managed-key',
      severity: 'medium',
      title:
        'Encrypted with a customer managed key (key policy, grants and deletion under your control): not met (HIPAA, PCI-DSS, GDPR)',
      remediation:
        'aws dynamodb update-table --table-name sessions --region us-east-1 --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer-managed-key-arn>',
    },
    { id: 'unowned-table', severity: 'medium', title: 'No catalog entity' },
  ],
};
// What the scan's one assessment stores on the row; the row's details show it as it is.
managed.compliance = evaluateCompliance(
  managed.table,
  managed.encryption,
).controls;

jest.setTimeout(30_000);

describe('FleetPage', () => {
  it('shows the summary, the scan, and the tables with server-side filters', async () => {
    const listFleetTables = jest
      .fn()
      .mockResolvedValue({ items: [row, managed], total: 2 });
    const startScan = jest.fn().mockResolvedValue(undefined);
    const fetchFleetCsv = jest
      .fn()
      .mockResolvedValue(new Response('arn,account\nx,y\n'));
    const createObjectURL = jest.fn(() => 'blob:fleet');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    // What the clicked link would save, checked after the click: an expect inside the click would be
    // caught by the button's error handler and could never fail the test.
    const downloads: { download: string; href: string }[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordDownload(this: HTMLAnchorElement) {
        downloads.push({ download: this.download, href: this.href });
      });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [permissionApiRef, mockApis.permission()],
          [
            dynamoDbEncryptionApiRef,
            {
              getFleetAccess: async () => ({ scope: 'all' as const }),
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

    // Below 1,920 px (jsdom matches no media query) the columns are the ones the page sorts and filters
    // by; the row's details hold the rest.
    const headers = screen
      .getAllByRole('columnheader')
      .map(h => h.textContent)
      .filter(Boolean);
    expect(headers).toEqual([
      'Table',
      'Key type',
      'Most severe finding',
      'USD / month',
    ]);
    const ordersRow = screen
      .getByRole('link', { name: 'orders' })
      .closest('tr')!;
    expect(
      within(ordersRow)
        .getAllByRole('cell')
        .map(c => c.textContent)
        .filter(Boolean),
    ).toEqual(['orders', 'Customer managed', '—', '$0.36']);
    // A finding is a chip with a short title and a count of the others; the row opens to the full text.
    expect(screen.getByText('No customer managed key')).toBeInTheDocument();
    expect(screen.getByText('+1')).toBeInTheDocument();
    expect(screen.queryByText(/grants and deletion/)).toBeNull();
    fireEvent.click(screen.getByText('sessions'));
    const details = await screen.findByTestId('fleet-row-details-sessions');
    // Accounts by name with the id, keys by alias, AWS managed rotation as AWS does it.
    expect(details).toHaveTextContent(/Accountplatform-prod \(111111111111\)/);
    expect(details).toHaveTextContent(/Keyaws\/dynamodb/);
    expect(details).toHaveTextContent(/RotationAutomatic, yearly/);
    expect(details).toHaveTextContent(/Ownerunowned/);
    expect(details).toHaveTextContent(/grants and deletion under your control/);
    expect(details).toHaveTextContent(
      /aws dynamodb update-table --table-name sessions/,
    );
    expect(details).toHaveTextContent(
      /KMS\.3 AWS KMS keys should not be deleted unintentionally: unknown/,
    );
    expect(details).toHaveTextContent(
      /3\.6\.1 Procedures .*: unknown.*AWS managed key: AWS sets its key policy/,
    );
    // Tiles lead to the tables behind them.
    expect(
      screen.getByRole('link', { name: 'Customer managed: 8' }),
    ).toHaveAttribute('href', '/?keyType=CUSTOMER_MANAGED');

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(downloads).toEqual([
      { download: 'dynamodb-encryption-fleet.csv', href: 'blob:fleet' },
    ]);
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

    // Tables whose key type AWS did not let the scan read are a choice of the key type filter too.
    fireEvent.mouseDown(screen.getByLabelText('Key type'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Unknown'),
    );
    expect(listFleetTables).toHaveBeenLastCalledWith(
      expect.objectContaining({ keyType: 'UNKNOWN', cursor: 0 }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Scan now' }));
    expect(startScan).toHaveBeenCalled();
  });
});
