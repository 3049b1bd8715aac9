import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  editEncryptionTrait,
  EncryptionTraitProperties,
  encryptionTraitFor,
  expectedKeyType,
  isAwsManagedKey,
  KEY_TYPE_WORDS,
  KeyChangeRefusal,
  KeyType,
  manifestLocation,
  parseKmsKeyReference,
  parseTableArn,
  ResolvedKmsKey,
  TableArn,
  unifiedDiff,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AwsClientFactory } from './awsClients';
import { isAccessDenied, isNotFound } from './awsErrors';
import { KmsKeyService } from './kmsKeyService';

/**
 * A table entity as the key change reads it.
 *
 * @public
 */
export interface KeyChangeEntity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
}

/**
 * What a key change would do, found the same way by the scaffolder action and by the preview: the table,
 * its Application in Git and the edited Application, the key resolved to its ARN, and every reason to
 * refuse it, in words.
 *
 * @public
 */
export interface KeyChangePlan {
  table?: TableArn;
  manifestUrl?: string;
  /** The Application as Git has it, and as the change writes it. */
  manifest?: {
    before: string;
    after: string;
    diff: string;
    changed: boolean;
    traitAdded: boolean;
    /** What the Application asks for now, when it says it validly. */
    desired?: EncryptionTraitProperties;
  };
  /** The trait properties the change writes. */
  target?: EncryptionTraitProperties;
  /** The customer managed key, resolved in the table's account and region. */
  key?: ResolvedKmsKey;
  /** DescribeTable's SSE status, when the table could be read (absent: the AWS owned key). */
  sseStatus?: string;
  tableExists?: boolean;
  refusals: KeyChangeRefusal[];
  /** What could not be checked, or is worth knowing, in words. */
  notes: string[];
}

/** Resolves and checks the customer managed key: the table's region, usable by DynamoDB, not AWS's own. */
async function checkKey(
  keys: KmsKeyService,
  table: TableArn,
  reference: string | undefined,
  plan: KeyChangePlan,
) {
  const refuse = (message: string) =>
    plan.refusals.push({ field: 'kmsKeyArn', message });
  if (!reference) {
    refuse('kmsKeyArn is required for a customer managed key');
    return;
  }
  const parsed = parseKmsKeyReference(reference);
  if (parsed && 'region' in parsed && parsed.region !== table.region) {
    refuse(
      `kmsKeyArn ${reference} is a key in ${parsed.region}; the table is in ${table.region}, and DynamoDB uses keys of the table's region only`,
    );
    return;
  }
  let key: ResolvedKmsKey;
  try {
    key = await keys.resolveKey(reference, table);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    refuse(e.message);
    return;
  }
  const where = `${table.accountId}/${table.region}`;
  if (isAwsManagedKey(undefined, key.aliases)) {
    refuse(
      `kmsKeyArn ${reference} is the AWS managed key; choose AWS_MANAGED, or a customer managed key`,
    );
  } else if (!key.usable) {
    refuse(
      `kmsKeyArn ${reference}: ${key.reason}; choose an enabled symmetric encryption key in ${where}`,
    );
  } else if (key.keyPolicy?.verdict === 'not-allowed') {
    refuse(
      `kmsKeyArn ${reference}: ${key.keyPolicy.reason}; add a statement allowing DynamoDB (kms:ViaService dynamodb.${table.region}.amazonaws.com)`,
    );
  } else {
    plan.key = key;
    if (key.keyPolicy?.verdict === 'undetermined')
      plan.notes.push(`The key's policy: ${key.keyPolicy.reason}`);
    if (!key.rotation?.enabled)
      plan.notes.push(
        `The key does not rotate automatically; run aws kms enable-key-rotation --key-id ${key.keyArn} --region ${table.region}`,
      );
  }
}

/** DynamoDB takes no other UpdateTable while a key switch is in progress. */
async function checkTable(
  clients: AwsClientFactory,
  table: TableArn,
  plan: KeyChangePlan,
) {
  const where = `${table.accountId}/${table.region}`;
  try {
    const dynamodb = await clients.dynamodb(table);
    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: table.tableName }),
    );
    plan.tableExists = true;
    plan.sseStatus = Table?.SSEDescription?.Status;
    if (plan.sseStatus === 'UPDATING')
      plan.refusals.push({
        field: 'table',
        message: `Table ${table.tableName} is still switching its key (DynamoDB reports SSE status UPDATING) and takes no other change until it finishes; try again once its key shows as enabled`,
      });
  } catch (e) {
    if (isNotFound(e)) {
      plan.tableExists = false;
      plan.notes.push(
        `Table ${table.tableName} does not exist in ${where}: the Application will create it with this key`,
      );
    } else {
      plan.notes.push(
        `Whether a key switch of ${
          table.tableName
        } is in progress could not be checked: ${
          isAccessDenied(e)
            ? `DescribeTable was denied in ${where}`
            : (e as Error).message
        }`,
      );
    }
  }
}

async function readManifest(
  urlReader: UrlReaderService,
  url: string,
  plan: KeyChangePlan,
): Promise<string | undefined> {
  try {
    return (await (await urlReader.readUrl(url)).buffer()).toString('utf8');
  } catch (e) {
    if ((e as Error)?.name !== 'NotFoundError') throw e;
    plan.refusals.push({
      field: 'manifest',
      message: `The Application manifest ${url} is not there`,
    });
    return undefined;
  }
}

/**
 * Plans a change of a table's key through Git: reads the entity's table and its Application manifest (with
 * the UrlReader, from `dynamodb-encryption.io/application-manifest`), resolves a customer managed key to its
 * ARN, checks what DynamoDB would refuse (a key of another region, disabled or pending deletion, a switch
 * still in progress), and edits the Application's encryption trait (`editEncryptionTrait`). Refusals are
 * returned, never thrown; an error on the way to Git or AWS is thrown.
 *
 * @public
 */
export async function planKeyChange(
  deps: {
    urlReader: UrlReaderService;
    clients: AwsClientFactory;
    keys: KmsKeyService;
  },
  entity: KeyChangeEntity,
  request: { keyChoice: KeyType; kmsKeyArn?: string; diffPath?: string },
): Promise<KeyChangePlan> {
  const plan: KeyChangePlan = { refusals: [], notes: [] };
  const ref = `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
  const annotations = entity.metadata.annotations ?? {};
  const table = parseTableArn(annotations[DYNAMODB_TABLE_ARN_ANNOTATION] ?? '');
  if (!table) {
    plan.refusals.push({
      field: 'entityRef',
      message: `${ref} names no DynamoDB table (annotation ${DYNAMODB_TABLE_ARN_ANNOTATION})`,
    });
    return plan;
  }
  plan.table = table;
  plan.manifestUrl = manifestLocation(entity);
  if (annotations[DISCOVERED_TABLE_ANNOTATION]) {
    plan.refusals.push({
      field: 'entityRef',
      message: `${ref} is a discovered table that no Application declares: adopt it into GitOps first`,
    });
  } else if (!plan.manifestUrl) {
    plan.refusals.push({
      field: 'manifest',
      message: `${ref} does not point to its Application manifest (annotation ${DYNAMODB_APPLICATION_MANIFEST_ANNOTATION})`,
    });
  }
  const customer = request.keyChoice === 'CUSTOMER_MANAGED';
  const [text] = await Promise.all([
    plan.manifestUrl && !plan.refusals.length
      ? readManifest(deps.urlReader, plan.manifestUrl, plan)
      : undefined,
    customer ? checkKey(deps.keys, table, request.kmsKeyArn, plan) : undefined,
    checkTable(deps.clients, table, plan),
  ]);
  if (text === undefined || (customer && !plan.key)) return plan;
  plan.target = encryptionTraitFor(request.keyChoice, plan.key?.keyArn);
  const edit = editEncryptionTrait(text, plan.target, {
    tableName: table.tableName,
  });
  if (!edit.ok) {
    plan.refusals.push({
      field: 'manifest',
      message: `${edit.reason} (${plan.manifestUrl})`,
    });
    return plan;
  }
  plan.manifest = {
    before: text,
    after: edit.text,
    diff: unifiedDiff(text, edit.text, {
      path: request.diffPath ?? new URL(plan.manifestUrl!).pathname.slice(1),
    }),
    changed: edit.changed,
    traitAdded: edit.traitAdded,
    desired: edit.before,
  };
  if (
    edit.changed &&
    request.keyChoice === 'AWS_MANAGED' &&
    edit.before &&
    expectedKeyType(edit.before) === 'CUSTOMER_MANAGED'
  )
    plan.notes.push(
      "The ACK controller (v1.9.2) never switches a table from a customer managed key to the AWS managed key: it compares the key only when the Application names one, so the table would keep its key and its card would show the drift. Switch to the AWS owned key instead, or check your controller's version.",
    );
  if (!edit.changed)
    plan.refusals.push({
      field: 'keyChoice',
      message: `The Application already asks for ${
        customer
          ? `the customer managed key ${plan.key!.keyArn}`
          : KEY_TYPE_WORDS[request.keyChoice]
      }: nothing to change`,
    });
  return plan;
}
