import { keyUsability } from './keyUsability';
import { validateTableDefinition } from './table';

const arn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
const good = {
  Arn: arn,
  KeyState: 'Enabled',
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyUsage: 'ENCRYPT_DECRYPT',
};

describe('keyUsability', () => {
  it('accepts an enabled symmetric key in the table region', () => {
    expect(keyUsability(good, 'us-east-1')).toEqual({ usable: true });
  });

  it.each([
    [{ ...good, KeyState: 'Disabled' }, 'us-east-1', 'the key is disabled'],
    [
      { ...good, KeyState: 'PendingDeletion' },
      'us-east-1',
      'the key is pending deletion',
    ],
    [
      { ...good, KeySpec: 'RSA_2048' },
      'us-east-1',
      'the key is RSA_2048; DynamoDB needs a symmetric (SYMMETRIC_DEFAULT) key',
    ],
    [
      { ...good, KeyUsage: 'SIGN_VERIFY' },
      'us-east-1',
      "the key's usage is SIGN_VERIFY; DynamoDB needs ENCRYPT_DECRYPT",
    ],
    [good, 'eu-west-1', 'the key is in us-east-1; the table is in eu-west-1'],
  ])('refuses %j for a table in %s', (key, region, reason) => {
    expect(keyUsability(key, region)).toEqual({ usable: false, reason });
  });
});

describe('validateTableDefinition', () => {
  const attributeDefinitions = [
    { attributeName: 'pk', attributeType: 'S' as const },
  ];
  const keySchema = [{ attributeName: 'pk', keyType: 'HASH' as const }];

  it('accepts a valid table', () => {
    expect(
      validateTableDefinition({
        tableName: 'orders',
        attributeDefinitions,
        keySchema,
      }),
    ).toEqual([]);
  });

  it.each([
    [{ tableName: 'ab', attributeDefinitions, keySchema }, 'tableName'],
    [{ tableName: 'bad name', attributeDefinitions, keySchema }, 'tableName'],
    [{ tableName: 'orders', attributeDefinitions, keySchema: [] }, 'keySchema'],
    [
      {
        tableName: 'orders',
        attributeDefinitions,
        keySchema: [
          ...keySchema,
          { attributeName: 'sk', keyType: 'RANGE' as const },
        ],
      },
      'keySchema',
    ],
    [
      {
        tableName: 'orders',
        attributeDefinitions: [
          ...attributeDefinitions,
          { attributeName: 'x', attributeType: 'S' as const },
        ],
        keySchema,
      },
      'attributeDefinitions',
    ],
  ])('refuses %j naming %s', (input, field) => {
    expect(validateTableDefinition(input).map(e => e.field)).toContain(field);
  });
});
