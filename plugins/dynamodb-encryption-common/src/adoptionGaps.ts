import type {
  AwsRefusal,
  KeyMetadataLike,
  SseDescriptionLike,
} from './classify';
import type { TableSummary } from './report';

/**
 * DescribeTable's `Table`, the parts adoption reads (the AWS API's shapes and names).
 *
 * @public
 */
export interface AdoptableTableDescription {
  TableName?: string;
  TableArn?: string;
  TableStatus?: string;
  AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[];
  KeySchema?: { AttributeName?: string; KeyType?: string }[];
  BillingModeSummary?: { BillingMode?: string };
  ProvisionedThroughput?: {
    ReadCapacityUnits?: number;
    WriteCapacityUnits?: number;
  };
  OnDemandThroughput?: {
    MaxReadRequestUnits?: number;
    MaxWriteRequestUnits?: number;
  };
  GlobalSecondaryIndexes?: { IndexName?: string }[];
  LocalSecondaryIndexes?: { IndexName?: string }[];
  StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
  SSEDescription?: SseDescriptionLike;
  DeletionProtectionEnabled?: boolean;
  TableClassSummary?: { TableClass?: string };
  Replicas?: { RegionName?: string }[];
  GlobalTableVersion?: string;
}

/**
 * Everything read from AWS to adopt one table: DescribeTable, DescribeContinuousBackups,
 * DescribeTimeToLive, ListTagsOfResource (every page), GetResourcePolicy, and DescribeKey and ListAliases
 * for a KMS key. A read AWS refused is in `refusals`, and its field is left out.
 *
 * @public
 */
export interface AdoptionObservation {
  table: TableSummary;
  description?: AdoptableTableDescription;
  pointInTimeRecovery?: { status?: string; recoveryPeriodInDays?: number };
  timeToLive?: { status?: string; attributeName?: string };
  tags?: Record<string, string>;
  /** The table's resource-based policy; null when it has none. */
  resourcePolicy?: string | null;
  key?: KeyMetadataLike;
  aliases?: readonly string[];
  refusals: AwsRefusal[];
}

/**
 * A feature of the table that the definitions (the `aws-dynamodb-kro` component and its traits, through the
 * RGD) cannot declare, and what leaving it out of the Application does. `refuses`: the ACK controller would
 * change the table (or never find it in sync), so the action refuses; `kept`: ACK leaves it as it is, outside
 * GitOps; `unchecked`: the portal does not read it, so it cannot say.
 *
 * @public
 */
export interface AdoptionGap {
  /** What the table has, in words, such as `global secondary index by-customer`. */
  feature: string;
  effect: 'refuses' | 'kept' | 'unchecked';
  /** What happens when the Application leaves it out, in words. */
  consequence: string;
}

/** The PITR recovery period DynamoDB gives when none is set. */
const DEFAULT_RECOVERY_DAYS = 35;

/**
 * AWS's own tags (`aws:…`): nobody else can set them, and ACK mirrors them instead of writing them.
 *
 * @public
 */
export const isAwsSystemTag = (key: string) => key.startsWith('aws:');

const refuses = (feature: string, consequence: string): AdoptionGap => ({
  feature,
  effect: 'refuses',
  consequence,
});

/**
 * What the table has that the definitions cannot declare, each with what the ACK controller (v1.9.2,
 * `pkg/resource/table`) does when its Table leaves it out: it reads the field back from AWS and, where it
 * manages the field, changes the table to match its spec; where it does not, the feature stays as it is.
 *
 * @public
 */
export function adoptionGaps(observation: AdoptionObservation): AdoptionGap[] {
  const d = observation.description ?? {};
  const gaps: AdoptionGap[] = [];
  for (const index of d.GlobalSecondaryIndexes ?? [])
    gaps.push(
      refuses(
        `global secondary index ${index.IndexName}`,
        'the definitions cannot declare indexes, and ACK deletes every global secondary index its Table does not list (DeleteGlobalSecondaryIndex through UpdateTable)',
      ),
    );
  for (const index of d.LocalSecondaryIndexes ?? [])
    gaps.push(
      refuses(
        `local secondary index ${index.IndexName}`,
        'the definitions cannot declare indexes or the attributes only an index uses; ACK would find its Table different from the table on every pass and never report it synced (a local index cannot change on a live table)',
      ),
    );
  const ttl = observation.timeToLive;
  if (ttl?.status === 'ENABLED' || ttl?.status === 'ENABLING')
    gaps.push(
      refuses(
        `time to live on attribute ${ttl.attributeName}`,
        'the definitions cannot declare time to live, and ACK reads a Table without timeToLive as "disabled": it would turn time to live off (UpdateTimeToLive), and expired items would stay',
      ),
    );
  const tableClass = d.TableClassSummary?.TableClass;
  if (tableClass && tableClass !== 'STANDARD')
    gaps.push(
      refuses(
        `table class ${tableClass}`,
        'the definitions cannot declare a table class, and ACK reads a Table without one as STANDARD: it would switch the table to STANDARD (UpdateTable)',
      ),
    );
  if (d.Replicas?.length)
    gaps.push(
      refuses(
        `global table replicas in ${d.Replicas.map(r => r.RegionName).join(
          ', ',
        )}`,
        'the definitions cannot declare replicas, and ACK removes every replica its Table does not list (UpdateTable with ReplicaUpdates)',
      ),
    );
  else if (d.GlobalTableVersion)
    gaps.push(
      refuses(
        `global table version ${d.GlobalTableVersion}`,
        'the definitions cannot declare a global table, and the portal cannot tell what ACK would do with its replicas',
      ),
    );
  const demand = d.OnDemandThroughput;
  const limited = (n?: number) => n !== undefined && n > 0;
  if (
    limited(demand?.MaxReadRequestUnits) ||
    limited(demand?.MaxWriteRequestUnits)
  )
    gaps.push(
      refuses(
        `maximum on-demand throughput (${
          demand?.MaxReadRequestUnits ?? '-'
        } read, ${demand?.MaxWriteRequestUnits ?? '-'} write request units)`,
        'the definitions cannot declare it, and ACK compares it: with none in its Table it would update the table (UpdateTable OnDemandThroughput) on every pass',
      ),
    );
  if (observation.resourcePolicy)
    gaps.push(
      refuses(
        'a resource-based policy',
        'the definitions cannot declare it, and ACK deletes a resource policy its Table does not carry (DeleteResourcePolicy)',
      ),
    );
  if (d.StreamSpecification && !d.StreamSpecification.StreamEnabled)
    gaps.push(
      refuses(
        'a stream specification with the stream turned off',
        'the RGD renders no streamSpecification without a stream, and ACK, reading {streamEnabled: false} back, would send an UpdateTable on every pass',
      ),
    );
  const systemTags = Object.keys(observation.tags ?? {}).filter(isAwsSystemTag);
  if (systemTags.length)
    gaps.push({
      feature: `AWS tags ${systemTags.join(', ')}`,
      effect: 'kept',
      consequence:
        'only AWS sets aws: tags; ACK mirrors them into its comparison and never writes them, so they stay as they are',
    });
  const days = observation.pointInTimeRecovery?.recoveryPeriodInDays;
  if (
    observation.pointInTimeRecovery?.status === 'ENABLED' &&
    days !== undefined &&
    days !== DEFAULT_RECOVERY_DAYS
  )
    gaps.push({
      feature: `a point-in-time recovery period of ${days} days`,
      effect: 'kept',
      consequence:
        'the protection trait declares whether point-in-time recovery is on; ACK compares only that, so the period stays as it is, outside GitOps',
    });
  if ((d.BillingModeSummary?.BillingMode ?? 'PROVISIONED') === 'PROVISIONED')
    gaps.push({
      feature: 'capacity auto scaling (Application Auto Scaling), if any',
      effect: 'unchecked',
      consequence:
        'the portal does not read auto scaling; if the table scales, ACK sets the capacity back to the Application’s on its next resync',
    });
  return gaps;
}
