import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  FleetReadScope,
  FleetSummary,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { FleetPage } from './FleetPage';

const summary = (scope: FleetReadScope): FleetSummary => ({
  scope,
  tables: 3,
  byKeyType: { AWS_OWNED: 1, AWS_MANAGED: 1, CUSTOMER_MANAGED: 1, UNKNOWN: 0 },
  rotation: { eligible: 1, rotated: 1 },
  cost: { monthlyUsd: 1, byKey: [], byOwner: [] },
  findings: {
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    unowned: 0,
  },
  trend: [],
});

async function renderWith(scope: FleetReadScope) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [permissionApiRef, mockApis.permission()],
        [
          dynamoDbEncryptionApiRef,
          {
            getFleetAccess: async () => ({ scope }),
            getFleetSummary: async () => summary(scope),
            listFleetTables: async () => ({ items: [], total: 0, scope }),
            getLatestScan: async () => ({
              status: 'none' as const,
              progress: { done: 0, total: 0 },
            }),
          },
        ],
      ]}
    >
      <FleetPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await screen.findByText('Tables');
}

describe('the fleet page under a permission policy', () => {
  it('says that a filter applies when the policy narrowed what the reader sees', async () => {
    await renderWith('conditional');
    expect(screen.getByTestId('fleet-scope')).toHaveTextContent(
      /the tables your permissions allow .* not the whole fleet/,
    );
  });

  it('says nothing when the reader sees the whole fleet', async () => {
    await renderWith('all');
    expect(screen.queryByTestId('fleet-scope')).toBeNull();
  });
});
