import type { FieldError } from './trait';

/**
 * The name rule for tables created through the portal, written once. DynamoDB allows 3 to 255 characters of
 * letters, digits, `_`, `.` and `-` (`TABLE_NAME_PATTERN`); the portal's table is also a catalog entity of the
 * same name, which needs at most 63 characters that start and end with a letter or digit. The template's
 * JSON schema, the scaffolder action and the backend's name check all use this rule (the template's copy is
 * checked against it by a test, since the scaffolder reads the template as a file).
 *
 * @public
 */
export const PORTAL_TABLE_NAME_RULE = {
  /** As a JSON schema `pattern` (the form) and a RegExp source (everything else). */
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{1,61}[A-Za-z0-9]$',
  minLength: 3,
  maxLength: 63,
  /** The rule in words, for field errors and help. */
  words:
    'use letters, digits, `_`, `.` and `-`; 3 to 63 characters, starting and ending with a letter or digit',
} as const;

const PORTAL_TABLE_NAME = new RegExp(PORTAL_TABLE_NAME_RULE.pattern);

/**
 * What is wrong with a name for a new table, in words; undefined when it is fine.
 *
 * @public
 */
export function tableNameProblem(name: unknown): string | undefined {
  return typeof name === 'string' && PORTAL_TABLE_NAME.test(name)
    ? undefined
    : PORTAL_TABLE_NAME_RULE.words;
}

/**
 * The JSON schema of the table-name field, with the error in words (the scaffolder's form validator reads
 * `errorMessage`, so the user never sees the pattern).
 *
 * @public
 */
export function tableNameJsonSchema() {
  return {
    type: 'string',
    pattern: PORTAL_TABLE_NAME_RULE.pattern,
    errorMessage: { pattern: PORTAL_TABLE_NAME_RULE.words },
  } as const;
}

/** Field names as the form labels them. */
const FIELD_LABELS: Record<string, string> = {
  tableName: 'Table name',
  accountId: 'AWS account',
  region: 'Region',
  owner: 'Owner',
  billingMode: 'Billing',
  keySchema: 'Primary key',
  attributeDefinitions: 'Key attributes',
  kmsKeyId: 'Customer managed key',
  'encryption.kmsKeyId': 'Customer managed key',
};

/**
 * The one way field errors read, in the form, the scaffolder action and the backend's 400s: the field as the
 * form labels it (and its name, so an API caller finds it), then the problem in words.
 *
 * @public
 */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors
    .map(e => {
      const label = FIELD_LABELS[e.field];
      return `${label ? `${label} (${e.field})` : e.field}: ${e.message}`;
    })
    .join('; ');
}

/**
 * The backend's answer to "may a new table have this name here?": free in AWS (the account and region), in
 * the catalog (no entity of that name or table ARN), and its Kubernetes name valid and used by no other
 * table. `problems` block the form; `unverified` says what could not be checked and why.
 *
 * @public
 */
export interface TableNameCheck {
  tableName: string;
  accountId: string;
  region: string;
  /** The Application's name (`kubernetesNameForTable`). */
  kubernetesName: string;
  available: boolean;
  problems: FieldError[];
  unverified: string[];
}
