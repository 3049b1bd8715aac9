import type {
  ContinuousBackupsDescription,
  Tag,
  TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { AckTable } from './ack';

type Spec = AckTable['spec'];

/**
 * What the ACK controller reads back for a table (pkg/resource/table sdk.go sdkFind and
 * setResourceAdditionalFields, controller v1.9.2): the spec fields this project renders, from DescribeTable,
 * DescribeContinuousBackups and ListTagsOfResource.
 */
export function readBack(
  table: TableDescription,
  backups: ContinuousBackupsDescription | undefined,
  tags: Tag[],
): Spec {
  const sse = table.SSEDescription;
  const stream = table.StreamSpecification;
  const throughput = table.ProvisionedThroughput;
  return {
    tableName: table.TableName!,
    attributeDefinitions: (table.AttributeDefinitions ?? []).map(a => ({
      attributeName: a.AttributeName!,
      attributeType: a.AttributeType!,
    })),
    keySchema: (table.KeySchema ?? []).map(k => ({
      attributeName: k.AttributeName!,
      keyType: k.KeyType!,
    })),
    // No summary means PROVISIONED, as ACK reads it.
    billingMode: table.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
    provisionedThroughput: throughput && {
      readCapacityUnits: throughput.ReadCapacityUnits,
      writeCapacityUnits: throughput.WriteCapacityUnits,
    },
    sseSpecification: sse && {
      enabled: sse.Status === 'ENABLED',
      ...(sse.SSEType ? { sseType: sse.SSEType } : {}),
      ...(sse.KMSMasterKeyArn ? { kmsMasterKeyID: sse.KMSMasterKeyArn } : {}),
    },
    streamSpecification: stream && {
      streamEnabled: stream.StreamEnabled,
      ...(stream.StreamViewType
        ? { streamViewType: stream.StreamViewType }
        : {}),
    },
    deletionProtectionEnabled: table.DeletionProtectionEnabled,
    continuousBackups: {
      pointInTimeRecoveryEnabled:
        backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ===
        'ENABLED',
    },
    tags: tags.map(t => ({ key: t.Key!, value: t.Value! })),
  };
}

const nilDiff = (a: unknown, b: unknown) =>
  (a === undefined || a === null) !== (b === undefined || b === null);

/** ACK's "nil difference, else differing values" test for one optional scalar. */
function differs(a: unknown, b: unknown): boolean {
  if (nilDiff(a, b)) return true;
  return a !== undefined && a !== null && a !== b;
}

const sameList = <T>(a: T[] = [], b: T[] = [], key: (x: T) => string) =>
  a.length === b.length &&
  [...a.map(key)].sort().join('\n') === [...b.map(key)].sort().join('\n');

/**
 * The fields in which the desired Table differs from the read-back one, decided as ACK's generated delta
 * (delta.go) and its customPreCompare hook (hooks.go) decide them: SSE without `enabled: true` against no
 * SSEDescription is no difference; a key id left out of the desired SSE is no difference; an unset billing
 * mode is PROVISIONED; with PAY_PER_REQUEST the capacity is ignored; an unset deletion protection is false.
 */
export function ackDelta(desired: Spec, latest: Spec): string[] {
  const a: Spec = { ...desired };
  const b: Spec = { ...latest };
  const delta: string[] = [];
  const sa = a.sseSpecification;
  const sb = b.sseSpecification;
  if (nilDiff(sa, sb)) {
    if (!(sa && !sb && !sa.enabled)) delta.push('sseSpecification');
  } else if (sa && sb) {
    if (
      differs(sa.enabled, sb.enabled) ||
      (sa.kmsMasterKeyID !== undefined &&
        differs(sa.kmsMasterKeyID, sb.kmsMasterKeyID)) ||
      differs(sa.sseType, sb.sseType)
    )
      delta.push('sseSpecification');
  }
  const attr = (x: { attributeName: string; attributeType: string }) =>
    `${x.attributeName}:${x.attributeType}`;
  if (!sameList(a.attributeDefinitions, b.attributeDefinitions, attr))
    delta.push('attributeDefinitions');
  const key = (x: { attributeName: string; keyType: string }) =>
    `${x.attributeName}:${x.keyType}`;
  if (!sameList(a.keySchema, b.keySchema, key)) delta.push('keySchema');
  a.billingMode ??= 'PROVISIONED';
  if (a.billingMode === 'PAY_PER_REQUEST') delete a.provisionedThroughput;
  if (b.billingMode === 'PAY_PER_REQUEST') delete b.provisionedThroughput;
  const tag = (t: { key: string; value: string }) => `${t.key}=${t.value}`;
  if (!sameList(a.tags, b.tags, tag)) delta.push('tags');
  if (!a.continuousBackups && b.continuousBackups)
    a.continuousBackups = { pointInTimeRecoveryEnabled: false };
  a.deletionProtectionEnabled ??= false;

  if (differs(a.billingMode, b.billingMode)) delta.push('billingMode');
  if (
    nilDiff(a.continuousBackups, b.continuousBackups) ||
    differs(
      a.continuousBackups?.pointInTimeRecoveryEnabled,
      b.continuousBackups?.pointInTimeRecoveryEnabled,
    )
  )
    delta.push('continuousBackups');
  if (differs(a.deletionProtectionEnabled, b.deletionProtectionEnabled))
    delta.push('deletionProtectionEnabled');
  const pa = a.provisionedThroughput;
  const pb = b.provisionedThroughput;
  if (
    nilDiff(pa, pb) ||
    (pa &&
      pb &&
      (differs(pa.readCapacityUnits, pb.readCapacityUnits) ||
        differs(pa.writeCapacityUnits, pb.writeCapacityUnits)))
  )
    delta.push('provisionedThroughput');
  const ta = a.streamSpecification;
  const tb = b.streamSpecification;
  if (
    nilDiff(ta, tb) ||
    (ta &&
      tb &&
      (differs(ta.streamEnabled, tb.streamEnabled) ||
        differs(ta.streamViewType, tb.streamViewType)))
  )
    delta.push('streamSpecification');
  if (differs(a.tableName, b.tableName)) delta.push('tableName');
  return delta;
}
