import fc from 'fast-check';
import { TABLE_NAME_PATTERN } from './arn';
import {
  formatFieldErrors,
  PORTAL_TABLE_NAME_RULE,
  tableNameProblem,
} from './tableName';

describe('the portal table-name rule', () => {
  it('is DynamoDB’s rule narrowed to catalog entity names', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_.\-]{0,70}$/), name => {
        const allowedByDynamoDb =
          TABLE_NAME_PATTERN.test(name) &&
          name.length <= PORTAL_TABLE_NAME_RULE.maxLength &&
          name.length >= PORTAL_TABLE_NAME_RULE.minLength;
        // Whatever the portal accepts, DynamoDB and the catalog accept.
        expect(!tableNameProblem(name) && !allowedByDynamoDb).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it.each(['ab', 'a'.repeat(64), '-orders', 'orders.', 'Bad Name!', ''])(
    'refuses %j in words',
    name => expect(tableNameProblem(name)).toBe(PORTAL_TABLE_NAME_RULE.words),
  );

  it.each(['abc', 'Orders_2024.v1', 'a'.repeat(63)])('accepts %j', name =>
    expect(tableNameProblem(name)).toBeUndefined(),
  );

  it('formats field errors with the form’s label and the field name', () => {
    expect(
      formatFieldErrors([
        { field: 'tableName', message: 'is taken' },
        { field: 'streams.viewType', message: 'must be one of X' },
      ]),
    ).toBe(
      'Table name (tableName): is taken; streams.viewType: must be one of X',
    );
  });
});
