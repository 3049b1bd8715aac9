import { AWS_MANAGED_DYNAMODB_KEY_ALIAS } from './constants';

/**
 * Parsing of DynamoDB table ARNs and KMS key references.
 */

/** @public */
export interface TableArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  tableName: string;
}

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';

/** An AWS account id, with the message that says what is wrong when a value is not one. @public */
export const ACCOUNT_ID_PATTERN = new RegExp(`^${ACCOUNT}$`);
/** @public */
export const ACCOUNT_ID_MESSAGE = 'must be a 12-digit AWS account id';
/** An AWS region name, such as us-east-1. @public */
export const REGION_PATTERN = new RegExp(`^${REGION}$`);
/** @public */
export const REGION_MESSAGE = 'must be an AWS region such as us-east-1';
const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-b)?';
const TABLE_NAME = '[A-Za-z0-9_.-]{3,255}';
/** DynamoDB's own table naming rule (tables the portal reads); new tables follow PORTAL_TABLE_NAME_RULE. @public */
export const TABLE_NAME_PATTERN = new RegExp(`^${TABLE_NAME}$`);
/** @public */
export const TABLE_NAME_MESSAGE =
  'must be 3 to 255 letters, digits, `_`, `.` or `-`';

const TABLE_ARN = new RegExp(
  `^arn:(${PARTITION}):dynamodb:(${REGION}):(${ACCOUNT}):table/(${TABLE_NAME})$`,
);

/**
 * Parses a DynamoDB table ARN; returns undefined when it is not one.
 *
 * @public
 */
export function parseTableArn(arn: string): TableArn | undefined {
  const m = TABLE_ARN.exec(arn.trim());
  if (!m) return undefined;
  return {
    arn: arn.trim(),
    partition: m[1],
    region: m[2],
    accountId: m[3],
    tableName: m[4],
  };
}

/**
 * Builds a table ARN from its parts.
 *
 * @public
 */
export function formatTableArn(
  parts: Omit<TableArn, 'arn' | 'partition'> & { partition?: string },
): string {
  return `arn:${parts.partition ?? 'aws'}:dynamodb:${parts.region}:${
    parts.accountId
  }:table/${parts.tableName}`;
}

/**
 * The forms in which a KMS key can be referenced.
 *
 * @public
 */
export type KmsKeyReference =
  | { form: 'keyId'; keyId: string; multiRegion: boolean }
  | {
      form: 'keyArn';
      keyId: string;
      multiRegion: boolean;
      arn: string;
      partition: string;
      region: string;
      accountId: string;
    }
  | { form: 'aliasName'; aliasName: string }
  | {
      form: 'aliasArn';
      aliasName: string;
      arn: string;
      partition: string;
      region: string;
      accountId: string;
    };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MRK = 'mrk-[0-9a-f]{32}';
const KEY_ID = new RegExp(`^(${UUID}|${MRK})$`);
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KMS_ARN = new RegExp(
  `^arn:(${PARTITION}):kms:(${REGION}):(${ACCOUNT}):(key/(?:${UUID}|${MRK})|alias/[A-Za-z0-9/_-]{1,250})$`,
);

/**
 * Parses a KMS key reference in any of the five forms AWS accepts: key id, `mrk-` multi-Region key id,
 * key ARN, alias name and alias ARN. Returns undefined for anything else.
 *
 * @public
 */
export function parseKmsKeyReference(ref: string): KmsKeyReference | undefined {
  const value = ref.trim();
  if (KEY_ID.test(value)) {
    return {
      form: 'keyId',
      keyId: value,
      multiRegion: value.startsWith('mrk-'),
    };
  }
  if (ALIAS_NAME.test(value)) {
    return { form: 'aliasName', aliasName: value };
  }
  const m = KMS_ARN.exec(value);
  if (!m) return undefined;
  const [, partition, region, accountId, resource] = m;
  if (resource.startsWith('key/')) {
    const keyId = resource.slice('key/'.length);
    return {
      form: 'keyArn',
      keyId,
      multiRegion: keyId.startsWith('mrk-'),
      arn: value,
      partition,
      region,
      accountId,
    };
  }
  return {
    form: 'aliasArn',
    aliasName: resource,
    arn: value,
    partition,
    region,
    accountId,
  };
}

/**
 * True when the reference names DynamoDB's AWS managed key (`alias/aws/dynamodb`, by name or alias ARN).
 *
 * @public
 */
export function isAwsManagedDynamoDbAlias(ref: string): boolean {
  const parsed = parseKmsKeyReference(ref);
  return (
    !!parsed &&
    (parsed.form === 'aliasName' || parsed.form === 'aliasArn') &&
    parsed.aliasName === AWS_MANAGED_DYNAMODB_KEY_ALIAS
  );
}

/**
 * True for the reserved `alias/aws/...` aliases, which only AWS managed keys carry.
 *
 * @public
 */
export function isAwsReservedAlias(alias: string): boolean {
  return alias.startsWith('alias/aws/');
}

/**
 * Links to the AWS console for a table and a key.
 *
 * @public
 */
export function consoleUrls(
  table: TableArn,
  kmsKeyArn?: string,
): { table: string; key?: string } {
  const region = encodeURIComponent(table.region);
  const tableUrl = `https://${region}.console.aws.amazon.com/dynamodbv2/home?region=${region}#table?name=${encodeURIComponent(
    table.tableName,
  )}`;
  const key = kmsKeyArn ? parseKmsKeyReference(kmsKeyArn) : undefined;
  const keyUrl =
    key && key.form === 'keyArn'
      ? `https://${encodeURIComponent(
          key.region,
        )}.console.aws.amazon.com/kms/home?region=${encodeURIComponent(
          key.region,
        )}#/kms/keys/${encodeURIComponent(key.keyId)}`
      : undefined;
  return { table: tableUrl, key: keyUrl };
}

/**
 * The account a key reference names (a key or alias ARN), if it names one: whose key it is.
 *
 * @public
 */
export function keyAccountIdOf(ref: string | undefined): string | undefined {
  const parsed = ref ? parseKmsKeyReference(ref) : undefined;
  return parsed && 'accountId' in parsed ? parsed.accountId : undefined;
}

/**
 * The key id a key reference names (a key ARN or a bare key id), if it names one; an alias names none.
 *
 * @public
 */
export function keyIdOf(ref: string | undefined): string | undefined {
  const parsed = ref ? parseKmsKeyReference(ref) : undefined;
  return parsed && 'keyId' in parsed ? parsed.keyId : undefined;
}
