import type { AttributeDefinition, KeySchemaElement } from './application';
import type { FieldError } from './trait';
import { tableNameProblem } from './tableName';

/** @public */
export const BILLING_MODES = ['PAY_PER_REQUEST', 'PROVISIONED'] as const;

/**
 * Read and write capacity of a PROVISIONED table, with the ACK Table's field names.
 *
 * @public
 */
export interface ProvisionedThroughput {
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

const isCapacity = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * DynamoDB's capacity rule: PROVISIONED needs both capacities (whole numbers, at least 1), PAY_PER_REQUEST
 * (the default) refuses them. Messages name the field.
 *
 * @public
 */
export function validateBillingMode(input: {
  billingMode?: unknown;
  provisionedThroughput?: unknown;
}): FieldError[] {
  const mode = input.billingMode ?? 'PAY_PER_REQUEST';
  const given = input.provisionedThroughput;
  if (!BILLING_MODES.includes(mode as (typeof BILLING_MODES)[number])) {
    return [
      {
        field: 'billingMode',
        message: `must be one of ${BILLING_MODES.join(', ')}`,
      },
    ];
  }
  if (mode === 'PAY_PER_REQUEST') {
    return given === undefined
      ? []
      : [
          {
            field: 'provisionedThroughput',
            message: 'must not be set when billingMode is PAY_PER_REQUEST',
          },
        ];
  }
  if (given === undefined)
    return [
      {
        field: 'provisionedThroughput',
        message:
          'is required when billingMode is PROVISIONED (readCapacityUnits and writeCapacityUnits)',
      },
    ];
  if (!given || typeof given !== 'object' || Array.isArray(given))
    return [
      {
        field: 'provisionedThroughput',
        message: 'must be {readCapacityUnits, writeCapacityUnits}',
      },
    ];
  const errors: FieldError[] = [];
  const throughput = given as Record<string, unknown>;
  for (const key of Object.keys(throughput)) {
    if (key !== 'readCapacityUnits' && key !== 'writeCapacityUnits')
      errors.push({
        field: `provisionedThroughput.${key}`,
        message:
          'is not a property (allowed: readCapacityUnits, writeCapacityUnits)',
      });
  }
  for (const key of ['readCapacityUnits', 'writeCapacityUnits']) {
    if (!isCapacity(throughput[key]))
      errors.push({
        field: `provisionedThroughput.${key}`,
        message: 'must be a whole number of at least 1',
      });
  }
  return errors;
}

/**
 * Checks a new table's name (PORTAL_TABLE_NAME_RULE), billing mode and primary key: DynamoDB's naming rule, capacity with PROVISIONED only, one HASH key and at most one RANGE key,
 * every key attribute defined (S, N or B), and no attribute defined that no key uses (DynamoDB refuses those
 * unless an index uses them). Messages name the field.
 *
 * @public
 */
export function validateTableDefinition(input: {
  tableName?: string;
  billingMode?: unknown;
  provisionedThroughput?: unknown;
  attributeDefinitions?: AttributeDefinition[];
  keySchema?: KeySchemaElement[];
}): FieldError[] {
  const errors: FieldError[] = validateBillingMode(input);
  const nameProblem = tableNameProblem(input.tableName);
  if (nameProblem) errors.push({ field: 'tableName', message: nameProblem });
  const attributes = input.attributeDefinitions ?? [];
  const keys = input.keySchema ?? [];
  const hash = keys.filter(k => k.keyType === 'HASH');
  const range = keys.filter(k => k.keyType === 'RANGE');
  if (hash.length !== 1)
    errors.push({
      field: 'keySchema',
      message: 'must have exactly one HASH (partition) key',
    });
  if (range.length > 1)
    errors.push({
      field: 'keySchema',
      message: 'may have at most one RANGE (sort) key',
    });
  if (keys.length > 2)
    errors.push({ field: 'keySchema', message: 'may have at most two keys' });
  const defined = new Map(attributes.map(a => [a.attributeName, a]));
  if (defined.size !== attributes.length) {
    errors.push({
      field: 'attributeDefinitions',
      message: 'defines an attribute twice',
    });
  }
  for (const a of attributes) {
    if (!['S', 'N', 'B'].includes(a.attributeType)) {
      errors.push({
        field: 'attributeDefinitions',
        message: `attribute ${a.attributeName}: type must be S, N or B`,
      });
    }
  }
  for (const k of keys) {
    if (!defined.has(k.attributeName)) {
      errors.push({
        field: 'keySchema',
        message: `key attribute ${k.attributeName} is not in attributeDefinitions`,
      });
    }
  }
  const used = new Set(keys.map(k => k.attributeName));
  for (const a of attributes) {
    if (!used.has(a.attributeName)) {
      errors.push({
        field: 'attributeDefinitions',
        message: `attribute ${a.attributeName} is not used by the key schema`,
      });
    }
  }
  return errors;
}
