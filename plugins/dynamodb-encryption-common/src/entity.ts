import { stringify } from 'yaml';
import { formatTableArn } from './arn';
import {
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
} from './constants';

/** Annotation recording the alias a key ARN was resolved from, for people. @public */
export const KMS_KEY_ALIAS_ANNOTATION = 'dynamodb-encryption.io/kms-key-alias';
/** Annotation of an Application naming the AWS account its tables belong to. @public */
export const AWS_ACCOUNT_ANNOTATION = 'dynamodb-encryption.io/aws-account-id';

const ENTITY_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** @public */
export interface TableEntityInput {
  tableName: string;
  region: string;
  accountId: string;
  owner: string;
  system?: string;
  description?: string;
  manifestUrl?: string;
  kmsKeyAlias?: string;
}

/**
 * The catalog entity of a table: a `Resource` of type `dynamodb-table` with its ARN annotation and, when
 * known, the Application manifest it is declared by. Throws naming `tableName` when the table name cannot be
 * an entity name (at most 63 characters, starting and ending with a letter or digit).
 *
 * @public
 */
export function buildTableEntity(input: TableEntityInput) {
  if (!ENTITY_NAME.test(input.tableName)) {
    throw new Error(
      'tableName must be at most 63 characters and start and end with a letter or digit to be a catalog entity name',
    );
  }
  const annotations: Record<string, string> = {
    [DYNAMODB_TABLE_ARN_ANNOTATION]: formatTableArn(input),
  };
  if (input.manifestUrl)
    annotations[DYNAMODB_APPLICATION_MANIFEST_ANNOTATION] = input.manifestUrl;
  if (input.kmsKeyAlias)
    annotations[KMS_KEY_ALIAS_ANNOTATION] = input.kmsKeyAlias;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: input.tableName,
      description:
        input.description ??
        `DynamoDB table ${input.tableName} in account ${input.accountId}, ${input.region}.`,
      annotations,
      tags: ['dynamodb', input.region],
    },
    spec: {
      type: DYNAMODB_TABLE_RESOURCE_TYPE,
      owner: input.owner,
      ...(input.system ? { system: input.system } : {}),
    },
  };
}

/** The entity as catalog-info.yaml text. @public */
export function renderTableEntityYaml(input: TableEntityInput): string {
  return stringify(buildTableEntity(input), { lineWidth: 0 });
}
