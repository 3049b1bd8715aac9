import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { FleetTable } from './FleetTable';
import { WIDE_FLEET_TABLE } from './columns';

const row: FleetRow = {
  table: {
    arn: 'arn:aws:dynamodb:eu-west-1:222222222222:table/invoices',
    name: 'invoices',
    accountId: '222222222222',
    region: 'eu-west-1',
  },
  encryption: {
    keyType: 'CUSTOMER_MANAGED',
    kmsKeyArn:
      'arn:aws:kms:eu-west-1:222222222222:key/0f3e1c2a-1111-2222-3333-444455556666',
    aliases: ['alias/billing-data'],
    keyState: 'Disabled',
    rotation: { enabled: false },
  },
  cost: { monthlyUsd: 1.5, breakdown: [], assumptions: {} },
  findings: [
    {
      id: 'key-disabled',
      severity: 'critical',
      title:
        'The customer managed key is disabled: the table becomes inaccessible',
    },
    { id: 'compliance-key-rotation', severity: 'medium', title: 'No rotation' },
  ],
  owner: 'group:default/billing-team',
};
const accounts = [
  { accountId: '222222222222', name: 'payments-prod', regions: ['eu-west-1'] },
];

/** A screen this many pixels wide, as far as CSS media queries go. */
function screenWidth(px: number) {
  window.matchMedia = jest.fn((query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    return {
      matches: !!min && px >= Number(min[1]),
      media: query,
      onchange: null,
      addListener: jest.fn(),
      removeListener: jest.fn(),
      addEventListener: jest.fn(),
      removeEventListener: jest.fn(),
      dispatchEvent: jest.fn(),
    };
  }) as unknown as typeof window.matchMedia;
}

async function renderTable() {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          dynamoDbEncryptionApiRef,
          { listFleetTables: async () => ({ items: [row], total: 1 }) },
        ],
      ]}
    >
      <FleetTable
        refreshKey={0}
        summary={{ accounts } as Parameters<typeof FleetTable>[0]['summary']}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await screen.findByText('invoices');
  const cells = screen
    .getByText('invoices')
    .closest('tr')!
    .querySelectorAll('td');
  return {
    headers: screen
      .getAllByRole('columnheader')
      .map(h => h.textContent)
      .filter(Boolean),
    cells: [...cells].map(c => c.textContent).filter(Boolean),
  };
}

const originalMatchMedia = window.matchMedia;
afterEach(() => {
  window.matchMedia = originalMatchMedia;
});

describe('FleetTable', () => {
  it('fits a 1,440 px screen: the table, key type, most severe finding and cost; the row opens to the rest', async () => {
    screenWidth(1440);
    const { headers, cells } = await renderTable();
    expect(headers).toEqual([
      'Table',
      'Key type',
      'Most severe finding',
      'USD / month',
    ]);
    expect(cells).toEqual([
      'invoices',
      'Customer managed (Disabled)',
      'Key disabled+1',
      '$1.50',
    ]);

    fireEvent.click(screen.getByText('invoices'));
    const details = await screen.findByTestId('fleet-row-details-invoices');
    const facts = within(details);
    expect(facts.getByText('payments-prod (222222222222)')).toBeInTheDocument();
    expect(facts.getByText('eu-west-1')).toBeInTheDocument();
    expect(facts.getByText('billing-data')).toBeInTheDocument();
    expect(facts.getByText('Off')).toBeInTheDocument();
    expect(facts.getByText('billing-team')).toHaveAttribute(
      'title',
      'group:default/billing-team',
    );
    expect(details).toHaveTextContent(/inaccessible/);
  });

  it('shows every column from 1,920 px, the four that matter still among them', async () => {
    screenWidth(1920);
    expect(window.matchMedia(WIDE_FLEET_TABLE).matches).toBe(true);
    const { headers, cells } = await renderTable();
    expect(headers).toEqual([
      'Table',
      'Account',
      'Region',
      'Key type',
      'Key',
      'Rotation',
      'Owner',
      'Most severe finding',
      'USD / month',
    ]);
    expect(cells).toEqual([
      'invoices',
      'payments-prod',
      'eu-west-1',
      'Customer managed (Disabled)',
      'billing-data',
      'Off',
      'billing-team',
      'Key disabled+1',
      '$1.50',
    ]);
  });
});
