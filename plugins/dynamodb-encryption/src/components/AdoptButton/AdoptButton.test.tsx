import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  assessTable,
  buildDiscoveredTableEntity,
  DYNAMODB_TABLE_ARN_ANNOTATION,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { EncryptionCard } from '../EncryptionCard/EncryptionCard';
import { EncryptionContent } from '../EncryptionContent/EncryptionContent';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const built = buildDiscoveredTableEntity(
  { tableName: 'orders', accountId: '111111111111', region: 'us-east-1' },
  'group:default/unowned',
);
const discovered = {
  ...built,
  metadata: { ...built.metadata, namespace: 'default' },
} as Entity;
const declared: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { [DYNAMODB_TABLE_ARN_ANNOTATION]: table.arn },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/orders-team' },
};
const api = {
  getEncryptionReport: jest.fn().mockResolvedValue({
    ...assessTable({ table }),
    drift: [],
    fetchedAt: '2026-11-30T00:00:00.000Z',
    stale: false,
  }),
};

async function render(view: JSX.Element, entity: Entity) {
  await renderInTestApp(
    <TestApiProvider apis={[[dynamoDbEncryptionApiRef, api]]}>
      <EntityProvider entity={entity}>{view}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('Adopt into GitOps', () => {
  it.each([
    ['card', <EncryptionCard />],
    ['tab', <EncryptionContent />],
  ])(
    'on a discovered table’s %s opens the adopt template with the entity filled in',
    async (_where, view) => {
      await render(view, discovered);
      const button = (await screen.findByText('Adopt into GitOps')).closest(
        'a',
      );
      const href = new URL(button!.getAttribute('href')!, 'http://app');
      expect(href.pathname).toBe(
        '/create/templates/default/adopt-dynamodb-table',
      );
      expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
        entityRef: 'resource:default/orders-111111111111-us-east-1',
      });
    },
  );

  it('is not offered for a table declared in Git', async () => {
    await render(<EncryptionCard />, declared);
    expect(await screen.findByText('AWS owned')).toBeInTheDocument();
    expect(screen.queryByText('Adopt into GitOps')).not.toBeInTheDocument();
  });
});
