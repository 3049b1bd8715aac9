import { validateTableDefinition } from '@dynamodb-encryption/backstage-plugin-common';
import { reconcileApplication, renderAckTables } from './reconcile';
import {
  observedKeyType,
  randomAccount,
  sandboxEndpoint,
  tableApplication,
} from './testSupport';

const region = 'us-east-1';

function provisionedApp(
  tableName: string,
  table: Record<string, unknown>,
): ReturnType<typeof tableApplication> {
  const app = tableApplication(tableName, region);
  Object.assign(app.spec.components[0].properties, table);
  return app;
}

describe('billing mode through cue, kro and CreateTable', () => {
  const endpoint = sandboxEndpoint();
  const accountId = randomAccount();

  it('creates a PROVISIONED table with the capacities the Application asks for', async () => {
    const app = provisionedApp('provisioned-orders', {
      billingMode: 'PROVISIONED',
      provisionedThroughput: { readCapacityUnits: 7, writeCapacityUnits: 3 },
    });
    const [ack] = await renderAckTables(app);
    expect(ack.spec.provisionedThroughput).toEqual({
      readCapacityUnits: 7,
      writeCapacityUnits: 3,
    });
    await reconcileApplication(endpoint, accountId, app);
    const { table } = await observedKeyType(
      endpoint,
      accountId,
      region,
      'provisioned-orders',
    );
    expect(table.BillingModeSummary?.BillingMode ?? 'PROVISIONED').toBe(
      'PROVISIONED',
    );
    expect(table.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 7,
      WriteCapacityUnits: 3,
    });
  });

  it.each([
    [
      'PROVISIONED without provisionedThroughput',
      { billingMode: 'PROVISIONED' },
      /provisionedThroughput/,
    ],
    [
      'provisionedThroughput with PAY_PER_REQUEST',
      {
        billingMode: 'PAY_PER_REQUEST',
        provisionedThroughput: { readCapacityUnits: 1, writeCapacityUnits: 1 },
      },
      /provisionedThroughput: conflicting values "must not be set when billingMode is PAY_PER_REQUEST"/,
    ],
    [
      'provisionedThroughput with the default billing mode',
      {
        provisionedThroughput: { readCapacityUnits: 1, writeCapacityUnits: 1 },
      },
      /must not be set when billingMode is PAY_PER_REQUEST/,
    ],
    [
      'a capacity of 0',
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 1 },
      },
      /provisionedThroughput.readCapacityUnits: invalid value 0/,
    ],
    [
      'a misspelt capacity',
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 1, WriteCapacityUnits: 1 },
      },
      /WriteCapacityUnits: field not allowed/,
    ],
  ])(
    'CUE and the shared rules refuse %s, naming the field',
    async (_name, table, message) => {
      await expect(
        renderAckTables(provisionedApp('refused-billing', table)),
      ).rejects.toThrow(message);
      expect(
        validateTableDefinition({
          tableName: 'refused-billing',
          attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
          keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
          ...table,
        }).map(e => e.field.split('.')[0]),
      ).toContain('provisionedThroughput');
    },
  );
});
