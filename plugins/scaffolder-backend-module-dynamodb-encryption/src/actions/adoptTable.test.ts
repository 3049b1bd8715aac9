import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError, NotFoundError, ResponseError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  AdoptionObservation,
  AdoptionPreview,
  planAdoption,
} from '@dynamodb-encryption/backstage-plugin-common';
import { createDynamoDbEncryptionClient } from '@dynamodb-encryption/backstage-plugin-node';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import yaml from 'yaml';
import { createAdoptTableAction } from './adoptTable';
import { examples } from './adoptTable.examples';

const ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const ENTITY = 'resource:default/orders-111111111111-us-east-1';

/** The preview route's answer for a table, from the one planner. */
function preview(
  description: AdoptionObservation['description'] = {},
): AdoptionPreview {
  return planAdoption(
    {
      table: {
        arn: ARN,
        name: 'orders',
        accountId: '111111111111',
        region: 'us-east-1',
      },
      description: {
        TableStatus: 'ACTIVE',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        ...description,
      },
      pointInTimeRecovery: { status: 'ENABLED', recoveryPeriodInDays: 7 },
      timeToLive: { status: 'DISABLED' },
      tags: { owner: 'orders-team' },
      resourcePolicy: null,
      refusals: [],
    },
    {
      entityRef: ENTITY,
      annotations: {
        'aws.amazon.com/dynamodb-table-arn': ARN,
        'dynamodb-encryption.io/discovered': 'true',
      },
      owner: 'group:default/orders-team',
    },
  );
}

function responseError(status: number, message: string) {
  return ResponseError.fromResponse({
    status,
    statusText: 'x',
    ok: false,
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () =>
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
  } as Response);
}

describe('dynamodb:application:adopt', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());

  it.each([false, true])(
    'writes the previewed Application and catalog-info.yaml for the publish step (dry run: %s)',
    async isDryRun => {
      const adoptionPreview = jest.fn().mockResolvedValue(preview());
      const action = createAdoptTableAction({ client: { adoptionPreview } });
      const ctx = createMockActionContext({
        input: { entityRef: ENTITY },
        workspacePath: workspace.path,
        isDryRun,
      });
      await action.handler(ctx);
      // On behalf of the user who runs the template.
      expect(adoptionPreview).toHaveBeenCalledWith(
        ENTITY,
        await ctx.getInitiatorCredentials(),
      );
      const expected = preview().files!;
      expect(
        await readFile(
          join(workspace.path, 'apps/orders/application.yaml'),
          'utf8',
        ),
      ).toBe(expected.application);
      expect(
        await readFile(
          join(workspace.path, 'apps/orders/catalog-info.yaml'),
          'utf8',
        ),
      ).toBe(expected.catalogInfo);
      expect(ctx.output).toHaveBeenCalledWith('folder', 'apps/orders');
      expect(ctx.output).toHaveBeenCalledWith('tableArn', ARN);
      expect(ctx.output).toHaveBeenCalledWith('keyType', 'AWS_OWNED');
      expect(ctx.output).toHaveBeenCalledWith(
        'declaredEntityRef',
        'resource:default/orders',
      );
      expect(ctx.output).toHaveBeenCalledWith('keptOutsideGitOps', [
        expect.stringMatching(
          /^a point-in-time recovery period of 7 days \(kept\): /,
        ),
      ]);
    },
  );

  it('refuses with the preview’s reasons and writes nothing', async () => {
    const refused = preview({
      GlobalSecondaryIndexes: [{ IndexName: 'by-customer' }],
    });
    const action = createAdoptTableAction({
      client: { adoptionPreview: async () => refused },
    });
    const ctx = createMockActionContext({
      input: { entityRef: ENTITY },
      workspacePath: workspace.path,
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^Cannot adopt table orders \(111111111111\/us-east-1\): global secondary index by-customer: the definitions cannot declare indexes, and ACK deletes/,
    );
    expect(workspace.content()).toEqual({});
  });

  it.each([
    [400, InputError],
    [404, NotFoundError],
  ])(
    'turns the route’s %i into its own error, in the route’s words',
    async (status, type) => {
      const error = await responseError(status, 'Invalid entityRef: no');
      const action = createAdoptTableAction({
        client: { adoptionPreview: () => Promise.reject(error) },
      });
      const ctx = createMockActionContext({
        input: { entityRef: ENTITY },
        workspacePath: workspace.path,
      });
      const thrown = await action.handler(ctx).catch(e => e);
      expect(thrown).toBeInstanceOf(type);
      expect(thrown.message).toBe('Invalid entityRef: no');
    },
  );

  it('asks the plugin’s route with a token on behalf of the user', async () => {
    const seen: {
      method?: string;
      url?: string;
      auth?: string;
      body?: string;
    } = {};
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        Object.assign(seen, {
          method: req.method,
          url: req.url,
          auth: req.headers.authorization,
          body,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(preview()));
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/api`;
      const client = createDynamoDbEncryptionClient({
        discovery: {
          getBaseUrl: async id => `${base}/${id}`,
          getExternalBaseUrl: async id => `${base}/${id}`,
        },
        auth: mockServices.auth(),
      });
      const answer = await client.adoptionPreview(
        ENTITY,
        mockCredentials.user('user:default/alice'),
      );
      expect(answer.files?.folder).toBe('apps/orders');
      expect(seen).toMatchObject({
        method: 'POST',
        url: '/api/dynamodb-encryption/adopt/preview',
        body: JSON.stringify({ entityRef: ENTITY }),
      });
      expect(seen.auth).toMatch(/^Bearer .*user:default\/alice/);
    } finally {
      server.close();
    }
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'runs its example as written: %s',
    async (_d, example) => {
      const step = yaml.parse(example).steps[0];
      const action = createAdoptTableAction({
        client: { adoptionPreview: async () => preview() },
      });
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'applicationPath',
        `${step.input.targetPath ?? 'apps/orders'}/application.yaml`,
      );
    },
  );
});
