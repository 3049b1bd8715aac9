import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { resolve } from 'node:path';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  parseTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import { parseAllDocuments } from 'yaml';
import { fleetEntities, renderEntities } from './catalog';
import { loadFleet } from './fleet';
import { sandboxClients, seedFleet } from './seed';

const endpoint = process.env.SANDBOX_ENDPOINT;

describe('seedFleet against the sandbox', () => {
  beforeAll(() => {
    if (!endpoint)
      throw new Error(
        'SANDBOX_ENDPOINT is not set: run the tests with ./scripts/test.sh',
      );
  });

  it('creates every demo key and table once, in its account and region, and writes one entity per table', async () => {
    const fleet = await loadFleet(
      resolve(__dirname, '../../../sandbox/demo-fleet.yaml'),
    );
    const first = await seedFleet(endpoint!, fleet);
    const second = await seedFleet(endpoint!, fleet);
    expect(second.created).toEqual({ accounts: 0, keys: 0, tables: 0 });
    expect(second.keyArns).toEqual(first.keyArns);

    const invoices = fleet.tables.find(t => t.name === 'invoices')!;
    const dynamodb = await sandboxClients(endpoint!).dynamodb({
      accountId: invoices.account,
      region: invoices.region,
    });
    const described = await dynamodb.send(
      new DescribeTableCommand({ TableName: 'invoices' }),
    );
    expect(described.Table?.TableArn).toBe(first.tableArns.invoices);
    expect(described.Table?.SSEDescription?.KMSMasterKeyArn).toBe(
      first.keyArns.invoices,
    );

    const ledgerKey = fleet.keys.find(k => k.id === 'legacy-ledger')!;
    const kms = await sandboxClients(endpoint!).kms({
      accountId: ledgerKey.account,
      region: ledgerKey.region,
    });
    const key = await kms.send(
      new DescribeKeyCommand({ KeyId: first.keyArns['legacy-ledger'] }),
    );
    expect(key.KeyMetadata?.KeyState).toBe('Disabled');

    const docs = parseAllDocuments(
      renderEntities(fleetEntities(fleet, first)),
    ).map(d => d.toJS());
    const resources = docs.filter(d => d.kind === 'Resource');
    expect(resources).toHaveLength(fleet.tables.length);
    for (const r of resources) {
      const arn = parseTableArn(
        r.metadata.annotations[DYNAMODB_TABLE_ARN_ANNOTATION],
      );
      expect(arn?.tableName).toBe(r.metadata.name);
      expect(r.spec).toMatchObject({
        type: 'dynamodb-table',
        owner: expect.stringMatching(/^group:default\//),
      });
    }
    expect(
      docs.filter(d => d.kind === 'Group').map(d => d.metadata.name),
    ).toContain('orders-team');
  });
});
