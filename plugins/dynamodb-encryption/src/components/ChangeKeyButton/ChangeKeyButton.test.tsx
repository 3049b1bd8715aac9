import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  assessTable,
  buildDiscoveredTableEntity,
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { EncryptionCard } from '../EncryptionCard/EncryptionCard';
import { EncryptionContent } from '../EncryptionContent/EncryptionContent';
import { RowDetails } from '../FleetPage/RowDetails';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const declared: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: {
      [DYNAMODB_TABLE_ARN_ANNOTATION]: table.arn,
      [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: './application.yaml',
    },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/orders-team' },
};
const withoutManifest: Entity = {
  ...declared,
  metadata: {
    ...declared.metadata,
    annotations: { [DYNAMODB_TABLE_ARN_ANNOTATION]: table.arn },
  },
};
const built = buildDiscoveredTableEntity(
  { tableName: 'orders', accountId: '111111111111', region: 'us-east-1' },
  'group:default/unowned',
);
const discovered = {
  ...built,
  metadata: {
    ...built.metadata,
    namespace: 'default',
    annotations: {
      ...built.metadata.annotations,
      [DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]: './application.yaml',
    },
  },
} as Entity;
const row: FleetRow = assessTable({ table });
const report = {
  ...row,
  drift: [],
  fetchedAt: '2026-11-30T00:00:00.000Z',
  stale: false,
};
const api = { getEncryptionReport: jest.fn().mockResolvedValue(report) };

async function render(view: JSX.Element, entity?: Entity) {
  await renderInTestApp(
    <TestApiProvider apis={[[dynamoDbEncryptionApiRef, api]]}>
      {entity ? <EntityProvider entity={entity}>{view}</EntityProvider> : view}
    </TestApiProvider>,
  );
}

function formDataOf(link: HTMLElement | null) {
  const href = new URL(link!.getAttribute('href')!, 'http://app');
  expect(href.pathname).toBe(
    '/create/templates/default/change-dynamodb-table-key',
  );
  return JSON.parse(href.searchParams.get('formData')!);
}

describe('Change key', () => {
  it.each([
    ['card', <EncryptionCard />],
    ['tab', <EncryptionContent />],
  ])(
    'on a declared table’s %s opens the change key template with the entity filled in',
    async (_where, view) => {
      await render(view, declared);
      const link = (await screen.findByText('Change key')).closest('a');
      expect(formDataOf(link)).toEqual({
        entityRef: 'resource:default/orders',
      });
    },
  );

  it.each([
    ['a discovered table', discovered],
    ['a table no Application declares', withoutManifest],
  ])('is not offered for %s', async (_what, entity) => {
    await render(<EncryptionCard />, entity);
    expect(await screen.findByText('AWS owned')).toBeInTheDocument();
    expect(screen.queryByText('Change key')).not.toBeInTheDocument();
  });

  it("is in a declared fleet row's details, and not in a discovered one's", async () => {
    await render(
      <>
        <RowDetails row={{ ...row, entityRef: 'resource:default/orders' }} />
        <RowDetails row={{ ...row, table: { ...table, name: 'stray' } }} />
      </>,
    );
    const links = screen.getAllByText('Change key');
    expect(links).toHaveLength(1);
    expect(formDataOf(links[0].closest('a'))).toEqual({
      entityRef: 'resource:default/orders',
    });
  });
});
