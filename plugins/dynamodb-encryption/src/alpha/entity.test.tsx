import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  assessTable,
  DYNAMODB_TABLE_ARN_ANNOTATION,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../api/DynamoDbEncryptionApi';
import {
  dependentTablesCard,
  encryptionCard,
  encryptionContent,
} from './entity';

const arn = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const table: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { [DYNAMODB_TABLE_ARN_ANNOTATION]: arn },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/team' },
};
const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
};
const report = {
  ...assessTable({
    table: {
      arn,
      name: 'orders',
      accountId: '111111111111',
      region: 'us-east-1',
    },
  }),
  drift: [],
  fetchedAt: '2026-11-30T00:00:00.000Z',
  stale: false,
};
const api = {
  getEncryptionReport: jest.fn().mockResolvedValue(report),
  getDependentTables: jest.fn().mockResolvedValue([]),
};

jest.setTimeout(60_000);

describe('entity extensions', () => {
  it('shows the encryption card on table entities only', async () => {
    const tester = createExtensionTester(encryptionCard, {
      apis: [[dynamoDbEncryptionApiRef, api]],
    });
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(table)).toBe(true);
    expect(filter?.(component)).toBe(false);

    await renderInTestApp(
      <EntityProvider entity={table}>{tester.reactElement()}</EntityProvider>,
      { apis: [[dynamoDbEncryptionApiRef, api]] },
    );
    expect(
      await screen.findByText('AWS owned', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(api.getEncryptionReport).toHaveBeenCalled();
  });

  it('mounts the encryption tab at /dynamodb-encryption for table entities', () => {
    const tester = createExtensionTester(encryptionContent);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/dynamodb-encryption',
    );
    expect(
      tester.get(EntityContentBlueprint.dataRefs.filterFunction)?.(table),
    ).toBe(true);
  });

  it('offers the dependent-tables card to Components and Systems', () => {
    const tester = createExtensionTester(dependentTablesCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(component)).toBe(true);
    expect(filter?.(table)).toBe(false);
  });
});
