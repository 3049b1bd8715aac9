import { buildApplication } from './application';
import { validateBillingMode, validateTableDefinition } from './table';

describe('validateBillingMode', () => {
  const capacity = { readCapacityUnits: 5, writeCapacityUnits: 2 };

  it.each([
    [{}, []],
    [{ billingMode: 'PAY_PER_REQUEST' }, []],
    [{ billingMode: 'PROVISIONED', provisionedThroughput: capacity }, []],
  ])('accepts %j', (input, errors) => {
    expect(validateBillingMode(input)).toEqual(errors);
  });

  it.each([
    [
      { billingMode: 'PROVISIONED' },
      'provisionedThroughput',
      /is required when billingMode is PROVISIONED/,
    ],
    [
      { provisionedThroughput: capacity },
      'provisionedThroughput',
      /must not be set when billingMode is PAY_PER_REQUEST/,
    ],
    [
      { billingMode: 'PAY_PER_REQUEST', provisionedThroughput: capacity },
      'provisionedThroughput',
      /must not be set/,
    ],
    [
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 1 },
      },
      'provisionedThroughput.readCapacityUnits',
      /at least 1/,
    ],
    [
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: {
          readCapacityUnits: 1.5,
          writeCapacityUnits: 1,
        },
      },
      'provisionedThroughput.readCapacityUnits',
      /whole number/,
    ],
    [
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 1 },
      },
      'provisionedThroughput.writeCapacityUnits',
      /whole number/,
    ],
    [
      {
        billingMode: 'PROVISIONED',
        provisionedThroughput: { ...capacity, ReadCapacityUnits: 1 },
      },
      'provisionedThroughput.ReadCapacityUnits',
      /is not a property/,
    ],
    [{ billingMode: 'ON_DEMAND' }, 'billingMode', /must be one of/],
  ])('refuses %j naming %s', (input, field, message) => {
    const errors = validateBillingMode(input);
    expect(errors.map(e => e.field)).toContain(field);
    expect(errors.find(e => e.field === field)!.message).toMatch(message);
  });

  it('is part of validateTableDefinition', () => {
    expect(
      validateTableDefinition({
        tableName: 'orders',
        billingMode: 'PROVISIONED',
        attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
        keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      }).map(e => e.field),
    ).toEqual(['provisionedThroughput']);
  });

  it('renders the capacity as a component property with ACK’s names', () => {
    const app = buildApplication({
      applicationName: 'orders',
      componentName: 'orders',
      table: {
        tableName: 'orders',
        region: 'us-east-1',
        billingMode: 'PROVISIONED',
        provisionedThroughput: capacity,
        attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
        keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      },
    });
    expect(app.spec.components[0].properties).toMatchObject({
      billingMode: 'PROVISIONED',
      provisionedThroughput: capacity,
    });
  });
});
