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
        findings: 0,
      },
      {
        entityRef: 'resource:default/legacy-ledger',
        title: 'legacy-ledger',
        keyType: 'CUSTOMER_MANAGED',
        keyState: 'Disabled',
        aliases: [],
        findings: 2,
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
    expect(screen.getByText('alias/orders-data')).toBeInTheDocument();
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
