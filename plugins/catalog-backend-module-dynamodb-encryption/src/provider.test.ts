import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { DiscoveredTable } from '@dynamodb-encryption/backstage-plugin-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DynamoDbTableEntityProvider } from './provider';

/** The plugin's `GET /fleet/undeclared`, answering what the test sets. */
function fakePlugin() {
  const state: {
    body?: { scanId: number; tables: DiscoveredTable[] };
    auth?: string;
  } = {};
  const server: Server = createServer((req, res) => {
    state.auth = req.headers.authorization;
    if (
      req.url !== '/api/dynamodb-encryption/fleet/undeclared' ||
      !state.body
    ) {
      res.writeHead(404).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(state.body));
  });
  return { server, state };
}

/** Records each mutation, as the catalog would apply it. */
function recordingConnection() {
  const mutations: { type: string; entities: DeferredEntity[] }[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m as any);
    },
    refresh: async () => {},
  };
  return { connection, mutations };
}

describe('DynamoDbTableEntityProvider', () => {
  const { server, state } = fakePlugin();
  let baseUrl: string;
  beforeAll(async () => {
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => server.close());

  function provider() {
    return new DynamoDbTableEntityProvider({
      discovery: {
        getBaseUrl: async (id: string) => `${baseUrl}/${id}`,
        getExternalBaseUrl: async (id: string) => `${baseUrl}/${id}`,
      },
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      defaultOwner: 'group:default/unowned',
    });
  }

  it('adds a Resource per undeclared table, owned by its tag, and removes it when the scan no longer has it', async () => {
    const { connection, mutations } = recordingConnection();
    const p = provider();
    await p.connect(connection);

    // Before the first complete scan: nothing applied, so nothing is wiped.
    expect(await p.refresh()).toBeUndefined();
    expect(mutations).toEqual([]);

    state.body = {
      scanId: 1,
      tables: [
        {
          tableName: 'orders',
          accountId: '111111111111',
          region: 'us-east-1',
          owner: 'group:default/shop-team',
          system: 'shop',
        },
        {
          tableName: 'orders',
          accountId: '222222222222',
          region: 'eu-west-1',
          // Untrusted tag text never becomes a reference.
          system: 'not a system; rm -rf /',
        },
      ],
    };
    expect(await p.refresh()).toBe(2);
    expect(state.auth).toMatch(/^Bearer /);
    const [first] = mutations;
    expect(first.type).toBe('full');
    const entities = first.entities.map(e => e.entity as Entity);
    expect(entities.map(e => e.metadata.name)).toEqual([
      'orders-111111111111-us-east-1',
      'orders-222222222222-eu-west-1',
    ]);
    expect(entities[0]).toMatchObject({
      kind: 'Resource',
      metadata: {
        title: 'orders',
        annotations: {
          'aws.amazon.com/dynamodb-table-arn':
            'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
          'dynamodb-encryption.io/discovered': 'true',
          'backstage.io/managed-by-location':
            expect.stringContaining('/fleet/undeclared'),
        },
      },
      spec: {
        type: 'dynamodb-table',
        owner: 'group:default/shop-team',
        system: 'shop',
      },
    });
    expect(entities[1].spec).toEqual({
      type: 'dynamodb-table',
      owner: 'group:default/unowned',
    });

    // The next scan no longer has the second table (deleted, or declared in Git): a full mutation drops it.
    state.body = { scanId: 2, tables: [state.body.tables[0]] };
    expect(await p.refresh()).toBe(1);
    expect(mutations[1].type).toBe('full');
    expect(
      mutations[1].entities.map(e => (e.entity as Entity).metadata.name),
    ).toEqual(['orders-111111111111-us-east-1']);
  });

  it('gives long table names a short unique name within 63 characters', async () => {
    const { connection, mutations } = recordingConnection();
    const p = provider();
    await p.connect(connection);
    const long = `${'a'.repeat(200)}`;
    state.body = {
      scanId: 3,
      tables: [
        {
          tableName: `${long}1`,
          accountId: '111111111111',
          region: 'us-east-1',
        },
        {
          tableName: `${long}2`,
          accountId: '111111111111',
          region: 'us-east-1',
        },
      ],
    };
    await p.refresh();
    const names = mutations[0].entities.map(
      e => (e.entity as Entity).metadata.name,
    );
    expect(names.every(n => n.length <= 63)).toBe(true);
    expect(new Set(names).size).toBe(2);
  });
});
