import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ScorecardCard } from './ScorecardCard';

// The first render of a test app takes seconds on a loaded machine, near Jest's 5 s default.
jest.setTimeout(20_000);

const table: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'legacy-ledger', namespace: 'default' },
  spec: { type: 'dynamodb-table' },
};

const json = (body: unknown, status = 200) => ({
  ok: status < 400,
  status,
  statusText: status < 400 ? 'OK' : 'Internal Server Error',
  headers: new Map([['content-type', 'application/json']]),
  json: async () => body,
  text: async () => JSON.stringify(body),
});

function render(fetch: jest.Mock) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [fetchApiRef, { fetch }],
        [
          discoveryApiRef,
          { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
        ],
      ]}
    >
      <EntityProvider entity={table}>
        <ScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('ScorecardCard', () => {
  it('runs the checks on the encryption facts for the entity and shows passed, failed and not known', async () => {
    const fetch = jest.fn(async (url: string, _init?: RequestInit) => {
      if (url.endsWith('/checks'))
        return json([
          {
            id: 'dynamodbCustomerManagedKey',
            name: 'DynamoDB tables use a customer managed key',
            description: 'CMK',
            factIds: ['dynamodbEncryptionFactRetriever'],
          },
          {
            id: 'dynamodbKeyRotation',
            name: 'DynamoDB table keys rotate',
            description: 'rotation',
            factIds: ['dynamodbEncryptionFactRetriever'],
          },
          {
            id: 'dynamodbNoDrift',
            name: 'DynamoDB encryption matches Git',
            description: 'drift',
            factIds: ['dynamodbEncryptionFactRetriever'],
          },
          {
            id: 'hasOwner',
            name: 'Someone else’s check',
            description: 'owner',
            factIds: ['entityOwnershipFactRetriever'],
          },
        ]);
      return json([
        { check: { id: 'dynamodbCustomerManagedKey' }, result: true },
        { check: { id: 'dynamodbKeyRotation' }, result: false },
      ]);
    });
    await render(fetch);
    expect(
      await screen.findByText('DynamoDB tables use a customer managed key'),
    ).toBeInTheDocument();
    expect(screen.getByText('Passed')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Not known yet')).toBeInTheDocument();
    expect(screen.queryByText('Someone else’s check')).not.toBeInTheDocument();
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe(
      'http://backend/api/tech-insights/checks/run/default/Resource/legacy-ledger',
    );
    expect(JSON.parse(String(init!.body))).toEqual({
      checks: [
        'dynamodbCustomerManagedKey',
        'dynamodbKeyRotation',
        'dynamodbNoDrift',
      ],
    });
  });

  it('says when no check reads the encryption facts, without running any', async () => {
    const fetch = jest.fn(async () => json([]));
    await render(fetch);
    expect(
      await screen.findByText(/No Tech Insights check reads/),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('shows the error when Tech Insights cannot be reached', async () => {
    await render(
      jest.fn(async () => json({ error: { message: 'boom' } }, 500)),
    );
    expect(
      await screen.findByText(
        'Error: Request failed with 500 Internal Server Error',
      ),
    ).toBeInTheDocument();
  });
});
