import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { DependentTablesCard } from './DependentTablesCard';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-service', namespace: 'default' },
  spec: { type: 'service' },
};

describe('DependentTablesCard', () => {
  it('lists the tables with their key types and states', async () => {
    const getDependentTables = jest.fn().mockResolvedValue([
      {
        entityRef: 'resource:default/orders',
        title: 'orders',
        keyType: 'CUSTOMER_MANAGED',
        keyState: 'Enabled',
        aliases: ['alias/orders-data'],
        rotation: { enabled: true, periodDays: 365 },
        monthlyUsd: 1.05,
        findings: 0,
      },
      {
        entityRef: 'resource:default/legacy-ledger',
        title: 'legacy-ledger',
        keyType: 'CUSTOMER_MANAGED',
        keyState: 'Disabled',
        aliases: [],
        rotation: { enabled: false },
        monthlyUsd: 1,
        findings: 2,
      },
      {
        entityRef: 'resource:default/sessions',
        title: 'sessions',
        keyType: 'AWS_MANAGED',
        aliases: ['alias/aws/dynamodb'],
        rotation: { enabled: true, periodDays: 365, managedByAws: true },
        monthlyUsd: 0.02,
        findings: 1,
      },
      {
        entityRef: 'resource:default/gone',
        title: 'gone',
        error: 'table gone not found in 111111111111/us-east-1',
      },
    ]);
    await renderInTestApp(
      <TestApiProvider
        apis={[[dynamoDbEncryptionApiRef, { getDependentTables }]]}
      >
        <EntityProvider entity={component}>
          <DependentTablesCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Customer managed')).toBeInTheDocument();
    expect(screen.getByText('orders-data')).toBeInTheDocument();
    // Rotation and cost beside the key type, and the bill of all of them.
    expect(screen.getByText('On, yearly')).toBeInTheDocument();
    expect(screen.getByText('Off')).toBeInTheDocument();
    expect(screen.getByText('Automatic, yearly')).toBeInTheDocument();
    expect(screen.getByText('$1.05')).toBeInTheDocument();
    expect(
      // The table that could not be read has no figure, and the total says it is left out.
      screen.getByText(
        'Estimated KMS cost of these tables: $2.07 per month (1 of 4 unknown, not included)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Customer managed (Disabled)')).toBeInTheDocument();
    expect(
      screen.getByText('table gone not found in 111111111111/us-east-1'),
    ).toBeInTheDocument();
    expect(getDependentTables).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'orders-service',
    });
  });
});
