import {
  DescribeContinuousBackupsCommand,
  DescribeTimeToLiveCommand,
  GetResourcePolicyCommand,
} from '@aws-sdk/client-dynamodb';
import {
  AdoptionObservation,
  AwsRefusal,
  classifyKeyType,
  TableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AwsClientFactory } from './awsClients';
import {
  describeTable,
  startObservation,
  readKey,
  readTableTags,
} from './tableReader';
import { refusalRecorder } from './awsRefusals';

/** GetResourcePolicy's answer for a table without a policy. */
const NO_POLICY = 'PolicyNotFoundException';

/**
 * Reads everything adoption needs to know about one table, as the ACK controller will read it:
 * DescribeTable; DescribeContinuousBackups, DescribeTimeToLive, ListTagsOfResource (every page) and
 * GetResourcePolicy; and for a KMS-encrypted table the key (DescribeKey, which also gives the ARN of a key
 * the table names otherwise, and ListAliases). What AWS refuses is recorded in `refusals`, never guessed; a
 * table AWS does not have is a NotFoundError.
 *
 * @public
 */
export async function readTableForAdoption(
  clients: AwsClientFactory,
  table: TableArn,
): Promise<AdoptionObservation> {
  const start = startObservation(table);
  const { target, refusals } = start;
  const observation: AdoptionObservation = start.observation;
  const dynamodb = await clients.dynamodb(target);
  const read = refusalRecorder(refusals, target, table.arn);
  const TableName = table.tableName;
  const description = await describeTable(clients, table, refusals);
  if (!description) return observation;
  observation.description = description;
  observation.table.status = description.TableStatus;

  const [backups, ttl, tags, policy] = await Promise.all([
    read('dynamodb:DescribeContinuousBackups', () =>
      dynamodb.send(new DescribeContinuousBackupsCommand({ TableName })),
    ),
    read('dynamodb:DescribeTimeToLive', () =>
      dynamodb.send(new DescribeTimeToLiveCommand({ TableName })),
    ),
    readTableTags(clients, table),
    read('dynamodb:GetResourcePolicy', () =>
      dynamodb
        .send(new GetResourcePolicyCommand({ ResourceArn: table.arn }))
        .then(
          p => p.Policy ?? null,
          e => {
            if ((e as Error).name === NO_POLICY) return null;
            throw e;
          },
        ),
    ),
  ]);
  const pitr =
    backups?.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
  if (backups)
    observation.pointInTimeRecovery = {
      status: pitr?.PointInTimeRecoveryStatus ?? 'DISABLED',
      recoveryPeriodInDays: pitr?.RecoveryPeriodInDays,
    };
  if (ttl)
    observation.timeToLive = {
      status: ttl.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED',
      attributeName: ttl.TimeToLiveDescription?.AttributeName,
    };
  if (tags) observation.tags = tags;
  else
    refusals.push({
      action: 'dynamodb:ListTagsOfResource',
      reason: 'access-denied',
      resource: table.arn,
      callerAccountId: table.accountId,
    });
  if (policy !== undefined) observation.resourcePolicy = policy;

  const sse = description.SSEDescription;
  if (sse?.KMSMasterKeyArn && classifyKeyType({ sse }) !== 'AWS_OWNED') {
    // The key's rotation, policy and grants do not change what the Application declares: only a key whose
    // type stays unknown makes its refusals the adoption's.
    const keyRefusals: AwsRefusal[] = [];
    const key = await readKey(
      clients,
      target,
      sse.KMSMasterKeyArn,
      keyRefusals,
    );
    observation.key = key.key;
    observation.aliases = key.aliases;
    if (classifyKeyType({ sse, ...key, refusals: keyRefusals }) === 'UNKNOWN')
      refusals.push(...keyRefusals);
  }
  return observation;
}
