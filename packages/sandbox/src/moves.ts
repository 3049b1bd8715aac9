import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  parseKmsKeyReference,
  REGION_PATTERN,
} from '@dynamodb-encryption/backstage-plugin-common';
import { sandboxClients } from './clients';
import {
  CallContext,
  cloudTrailEventEntry,
  CloudTrailRecord,
  dynamoDbTableCall,
  kmsKeyCall,
  putKeyPolicyCall,
  scheduleKeyDeletionCall,
} from './cloudTrailEvents';
import { eventBridgeClient, fleetAccountRegions } from './events';
import { Fleet } from './fleet';
import { findKey } from './seed';

/** The changes someone can make to the sandbox's AWS, each followed by its CloudTrail event. */
export const KEY_MOVES = [
  'disable-key',
  'enable-key',
  'schedule-key-deletion',
  'cancel-key-deletion',
  'enable-key-rotation',
  'disable-key-rotation',
  'put-key-policy',
] as const;
export const TABLE_MOVES = [
  'tag-table',
  'untag-table',
  'delete-table',
] as const;
export type MoveName =
  | (typeof KEY_MOVES)[number]
  | (typeof TABLE_MOVES)[number];

/** One move: where, on what, and the move's own inputs. */
export interface MoveRequest {
  move: MoveName;
  /** A demo account's id or name. */
  account: string;
  region: string;
  /** Key moves: a key id, key ARN, alias name or ARN, or a demo fleet key's id. */
  key?: string;
  /** Table moves: the table's name. */
  table?: string;
  /** schedule-key-deletion: 7 to 30. Default 7. */
  pendingWindowInDays?: number;
  /** put-key-policy: the policy document (JSON). */
  policy?: string;
  /** tag-table: the tags to set. */
  tags?: Record<string, string>;
  /** untag-table: the tag keys to remove. */
  tagKeys?: string[];
}

/** What a move did: its CloudTrail record, and the id EventBridge gave the event. */
export interface MoveResult {
  accountId: string;
  region: string;
  record: CloudTrailRecord;
  eventId: string;
  summary: string;
}

/** A move's input is wrong: the message names the argument (`--key: …`). */
export class MoveInputError extends Error {
  constructor(readonly argument: string, message: string) {
    super(`--${argument}: ${message}`);
    this.name = 'MoveInputError';
  }
}

/** The role the moves act as in the demo accounts (moto lets any role be assumed). */
export const SANDBOX_OPERATOR_ROLE = 'sandbox-operator';

function where(fleet: Fleet, request: MoveRequest) {
  const account = fleet.accounts.find(
    a => a.id === request.account || a.name === request.account,
  );
  if (!account) {
    const known = fleet.accounts.map(a => `${a.id} (${a.name})`).join(', ');
    throw new MoveInputError(
      'account',
      `"${request.account}" is not a demo account; the fleet has ${known}`,
    );
  }
  if (!REGION_PATTERN.test(request.region))
    throw new MoveInputError(
      'region',
      `"${request.region}" is not an AWS region such as us-east-1`,
    );
  const regions = [...new Set(fleetAccountRegions(fleet).map(t => t.region))];
  if (!regions.includes(request.region))
    throw new MoveInputError(
      'region',
      `${request.region} is not a demo fleet region (${regions.join(
        ', ',
      )}): no rule there forwards its events`,
    );
  return { accountId: account.id, region: request.region };
}

async function resolveKey(
  kms: KMSClient,
  fleet: Fleet,
  target: { accountId: string; region: string },
  ref: string | undefined,
) {
  if (!ref) throw new MoveInputError('key', 'a key is needed');
  const at = `account ${target.accountId}, region ${target.region}`;
  let keyRef = ref;
  const parsed = parseKmsKeyReference(ref);
  if (!parsed) {
    const demo = fleet.keys.find(
      k =>
        k.id === ref &&
        k.account === target.accountId &&
        k.region === target.region,
    );
    const arn = demo && (await findKey(kms, demo.id));
    if (!arn)
      throw new MoveInputError(
        'key',
        `"${ref}" is neither a key id, key ARN, alias nor a demo key in ${at}`,
      );
    keyRef = arn;
  } else if (
    'accountId' in parsed &&
    (parsed.accountId !== target.accountId || parsed.region !== target.region)
  ) {
    throw new MoveInputError(
      'key',
      `${ref} is in account ${parsed.accountId}, region ${parsed.region}, not ${at}`,
    );
  }
  const described = await kms
    .send(new DescribeKeyCommand({ KeyId: keyRef }))
    .catch(e => {
      if ((e as Error).name === 'NotFoundException')
        throw new MoveInputError('key', `no key ${ref} in ${at}`);
      throw e;
    });
  const meta = described.KeyMetadata!;
  return { keyId: meta.KeyId!, keyArn: meta.Arn! };
}

async function resolveTable(
  dynamodb: DynamoDBClient,
  target: { accountId: string; region: string },
  name: string | undefined,
) {
  if (!name) throw new MoveInputError('table', 'a table name is needed');
  const described = await dynamodb
    .send(new DescribeTableCommand({ TableName: name }))
    .catch(e => {
      if (['ResourceNotFoundException', 'ValidationException'].includes(e.name))
        throw new MoveInputError(
          'table',
          `no table ${name} in account ${target.accountId}, region ${target.region}`,
        );
      throw e;
    });
  return { name, arn: described.Table!.TableArn! };
}

function pendingWindow(days: number | undefined) {
  const value = days ?? 7;
  if (!Number.isInteger(value) || value < 7 || value > 30)
    throw new MoveInputError(
      'days',
      `${days} is not a whole number of days from 7 to 30 (AWS's pending window)`,
    );
  return value;
}

function policyDocument(policy: string | undefined) {
  if (!policy)
    throw new MoveInputError('policy-file', 'a key policy is needed');
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch (e) {
    throw new MoveInputError(
      'policy-file',
      `not JSON: ${(e as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || !('Statement' in parsed))
    throw new MoveInputError('policy-file', 'not a key policy (no Statement)');
  return policy;
}

async function keyMove(
  kms: KMSClient,
  context: CallContext,
  request: MoveRequest,
  key: { keyId: string; keyArn: string },
): Promise<{ record: CloudTrailRecord; summary: string }> {
  // The calls name the key by id, as moto's KMS needs, and as a caller of AWS's DisableKey may (no alias).
  const KeyId = key.keyId;
  switch (request.move) {
    case 'disable-key':
      await kms.send(new DisableKeyCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'DisableKey', key),
        summary: `disabled ${key.keyArn}`,
      };
    case 'enable-key':
      await kms.send(new EnableKeyCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'EnableKey', key),
        summary: `enabled ${key.keyArn}`,
      };
    case 'schedule-key-deletion': {
      const days = pendingWindow(request.pendingWindowInDays);
      const res = await kms.send(
        new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: days }),
      );
      const deletionDate =
        res.DeletionDate ?? new Date(Date.now() + days * 86_400_000);
      return {
        record: scheduleKeyDeletionCall(context, key, days, deletionDate),
        summary: `scheduled ${
          key.keyArn
        } for deletion on ${deletionDate.toISOString()}`,
      };
    }
    case 'cancel-key-deletion':
      await kms.send(new CancelKeyDeletionCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'CancelKeyDeletion', key),
        summary: `cancelled the deletion of ${key.keyArn} (the key stays Disabled, as on AWS)`,
      };
    case 'enable-key-rotation':
      await kms.send(new EnableKeyRotationCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'EnableKeyRotation', key, {
          responseElements: null,
        }),
        summary: `enabled rotation of ${key.keyArn}`,
      };
    case 'disable-key-rotation':
      await kms.send(new DisableKeyRotationCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'DisableKeyRotation', key, {
          responseElements: null,
        }),
        summary: `disabled rotation of ${key.keyArn}`,
      };
    case 'put-key-policy': {
      const policy = policyDocument(request.policy);
      await kms.send(
        new PutKeyPolicyCommand({
          KeyId,
          PolicyName: 'default',
          Policy: policy,
        }),
      );
      return {
        record: putKeyPolicyCall(context, key, policy),
        summary: `replaced the key policy of ${key.keyArn}`,
      };
    }
    default:
      throw new Error(`${request.move} is not a key move`);
  }
}

async function tableMove(
  dynamodb: DynamoDBClient,
  context: CallContext,
  request: MoveRequest,
  table: { name: string; arn: string },
): Promise<{ record: CloudTrailRecord; summary: string }> {
  switch (request.move) {
    case 'tag-table': {
      const tags = Object.entries(request.tags ?? {});
      if (!tags.length)
        throw new MoveInputError('tag', 'at least one key=value is needed');
      await dynamodb.send(
        new TagResourceCommand({
          ResourceArn: table.arn,
          Tags: tags.map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      return {
        record: dynamoDbTableCall(context, 'TagResource', table.arn, {
          resourceArn: table.arn,
          tags: tags.map(([key, value]) => ({ key, value })),
        }),
        summary: `tagged ${table.arn} with ${tags
          .map(t => t.join('='))
          .join(', ')}`,
      };
    }
    case 'untag-table': {
      const tagKeys = request.tagKeys ?? [];
      if (!tagKeys.length)
        throw new MoveInputError('tag-key', 'at least one tag key is needed');
      await dynamodb.send(
        new UntagResourceCommand({ ResourceArn: table.arn, TagKeys: tagKeys }),
      );
      return {
        record: dynamoDbTableCall(context, 'UntagResource', table.arn, {
          resourceArn: table.arn,
          tagKeys,
        }),
        summary: `removed the tags ${tagKeys.join(', ')} from ${table.arn}`,
      };
    }
    case 'delete-table': {
      const res = await dynamodb.send(
        new DeleteTableCommand({ TableName: table.name }),
      );
      const t = res.TableDescription;
      return {
        record: dynamoDbTableCall(
          context,
          'DeleteTable',
          table.arn,
          { tableName: table.name },
          {
            tableDescription: {
              tableName: t?.TableName ?? table.name,
              tableArn: t?.TableArn ?? table.arn,
              tableId: t?.TableId,
              tableStatus: t?.TableStatus ?? 'DELETING',
            },
          },
        ),
        summary: `deleted ${table.arn}`,
      };
    }
    default:
      throw new Error(`${request.move} is not a table move`);
  }
}

/**
 * Makes one change in a demo account as a person would (the real AWS call on the sandbox), then, because
 * moto records no CloudTrail, puts the event CloudTrail would on that account's default bus. The seeded
 * rules bring it to the portal's queue.
 */
export async function runMove(
  endpoint: string,
  fleet: Fleet,
  request: MoveRequest,
): Promise<MoveResult> {
  const target = where(fleet, request);
  const clients = sandboxClients(endpoint);
  const as = { ...target, roleName: SANDBOX_OPERATOR_ROLE };
  const credentials = await clients.credentials(as);
  const context: CallContext = {
    ...target,
    caller: {
      accountId: target.accountId,
      roleName: SANDBOX_OPERATOR_ROLE,
      sessionName: 'sandbox-cli',
      accessKeyId: credentials.accessKeyId,
    },
  };
  let done: { record: CloudTrailRecord; summary: string };
  if ((KEY_MOVES as readonly string[]).includes(request.move)) {
    const kms = await clients.kms(as);
    const key = await resolveKey(kms, fleet, target, request.key);
    done = await keyMove(kms, context, request, key);
  } else {
    const dynamodb = await clients.dynamodb(as);
    const table = await resolveTable(dynamodb, target, request.table);
    done = await tableMove(dynamodb, context, request, table);
  }
  const put = await eventBridgeClient(endpoint, target).send(
    new PutEventsCommand({ Entries: [cloudTrailEventEntry(done.record)] }),
  );
  const entry = put.Entries?.[0];
  if (put.FailedEntryCount || !entry?.EventId)
    throw new Error(
      `${done.summary}, but its event was refused: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
    );
  return { ...target, ...done, eventId: entry.EventId };
}
