import {
  DynamoDBClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AckTable } from './ack';

type Spec = AckTable['spec'];

/** The calls one pass made, and the differences it left alone with the reason. */
export interface AckSyncResult {
  calls: string[];
  notApplied: string[];
}

/** ACK's newUpdateTablePayload: billing mode (with capacity), stream and deletion protection, as they differ. */
function updateTablePayload(
  desired: Spec,
  delta: string[],
): UpdateTableCommandInput {
  const input: UpdateTableCommandInput = { TableName: desired.tableName };
  if (delta.includes('billingMode')) {
    input.BillingMode = (desired.billingMode ?? 'PROVISIONED') as any;
    if (input.BillingMode === 'PROVISIONED')
      input.ProvisionedThroughput = {
        ReadCapacityUnits:
          desired.provisionedThroughput?.readCapacityUnits ?? 0,
        WriteCapacityUnits:
          desired.provisionedThroughput?.writeCapacityUnits ?? 0,
      };
  }
  const stream = desired.streamSpecification;
  if (delta.includes('streamSpecification') && stream)
    input.StreamSpecification = {
      StreamEnabled: !!stream.streamEnabled,
      ...(stream.streamEnabled && stream.streamViewType
        ? { StreamViewType: stream.streamViewType as any }
        : {}),
    };
  if (delta.includes('deletionProtectionEnabled'))
    input.DeletionProtectionEnabled = !!desired.deletionProtectionEnabled;
  return input;
}

/**
 * ACK's syncTableSSESpecification: the key the spec names, in an UpdateTable of its own. `enabled: false`
 * goes alone (the AWS owned key); with `enabled: true` the type and the key go as the spec has them.
 */
export function sseUpdateInput(desired: Spec): UpdateTableCommandInput {
  const sse = desired.sseSpecification;
  const input: UpdateTableCommandInput = { TableName: desired.tableName };
  if (sse)
    input.SSESpecification =
      sse.enabled === undefined
        ? { Enabled: false }
        : {
            Enabled: sse.enabled,
            ...(sse.enabled && sse.sseType
              ? { SSEType: sse.sseType as 'KMS' }
              : {}),
            ...(sse.enabled && sse.kmsMasterKeyID !== undefined
              ? { KMSMasterKeyId: sse.kmsMasterKeyID }
              : {}),
          };
  return input;
}

/**
 * One reconcile of an existing table, in the order of ACK's customUpdateTable (hooks.go): tags; then, unless
 * only tags differ, SSE (the key switch, an UpdateTable of its own), the table-level update (billing mode,
 * deletion protection), point-in-time recovery, and the first of stream or capacity (ACK updates the other on
 * its next pass; a second UpdateTable for what the table-level one already carried is left out). One limit is
 * reported instead of sent: a spec without a stream makes ACK send an UpdateTable with nothing in it, which
 * cannot turn a stream off.
 */
export async function syncAckTable(
  dynamodb: DynamoDBClient,
  arn: string,
  desired: Spec,
  latest: Spec,
  delta: string[],
): Promise<AckSyncResult> {
  const result: AckSyncResult = { calls: [], notApplied: [] };
  const send = async (name: string, command: any) => {
    await dynamodb.send(command);
    result.calls.push(name);
  };
  if (delta.includes('tags')) {
    const want = new Map((desired.tags ?? []).map(t => [t.key, t.value]));
    const have = new Map((latest.tags ?? []).map(t => [t.key, t.value]));
    const stale = [...have.keys()].filter(k => !want.has(k));
    if (stale.length)
      await send(
        'UntagResource',
        new UntagResourceCommand({ ResourceArn: arn, TagKeys: stale }),
      );
    const changed = [...want].filter(([k, v]) => have.get(k) !== v);
    if (changed.length)
      await send(
        'TagResource',
        new TagResourceCommand({
          ResourceArn: arn,
          Tags: changed.map(([Key, Value]) => ({ Key, Value })),
        }),
      );
  }
  if (!delta.some(d => d !== 'tags')) return result;
  for (const immutable of ['attributeDefinitions', 'keySchema'])
    if (delta.includes(immutable))
      result.notApplied.push(`${immutable}: cannot change on a live table`);
  if (delta.includes('sseSpecification'))
    await send('UpdateTable', new UpdateTableCommand(sseUpdateInput(desired)));
  let tableUpdated = false;
  if (
    delta.includes('billingMode') ||
    delta.includes('deletionProtectionEnabled')
  ) {
    await send(
      'UpdateTable',
      new UpdateTableCommand(updateTablePayload(desired, delta)),
    );
    tableUpdated = true;
  }
  if (delta.includes('continuousBackups'))
    await send(
      'UpdateContinuousBackups',
      new UpdateContinuousBackupsCommand({
        TableName: desired.tableName,
        PointInTimeRecoverySpecification: {
          PointInTimeRecoveryEnabled:
            !!desired.continuousBackups?.pointInTimeRecoveryEnabled,
        },
      }),
    );
  if (delta.includes('streamSpecification')) {
    if (!desired.streamSpecification)
      result.notApplied.push(
        'streamSpecification: ACK sends no StreamSpecification when the spec has none, so the stream stays on',
      );
    else if (!tableUpdated)
      await send(
        'UpdateTable',
        new UpdateTableCommand(updateTablePayload(desired, delta)),
      );
  } else if (delta.includes('provisionedThroughput') && !tableUpdated) {
    await send(
      'UpdateTable',
      new UpdateTableCommand({
        TableName: desired.tableName,
        ProvisionedThroughput: {
          ReadCapacityUnits:
            desired.provisionedThroughput?.readCapacityUnits ?? 0,
          WriteCapacityUnits:
            desired.provisionedThroughput?.writeCapacityUnits ?? 0,
        },
      }),
    );
  }
  return result;
}
