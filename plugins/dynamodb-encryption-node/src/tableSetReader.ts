import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  AwsRefusal,
  TableArn,
  TableEncryptionObservation,
} from '@dynamodb-encryption/backstage-plugin-common';
import pLimit from 'p-limit';
import { AwsClientFactory } from './awsClients';
import type { StagedTable } from './regionReader';
import {
  KeyObservation,
  observeTable,
  readKey,
  readTableTags,
  withKey,
} from './tableReader';
import { refusalRecorder } from './awsRefusals';

/**
 * What was read for one named table: as a scan stages it, or `gone` when DynamoDB no longer has the table.
 *
 * @public
 */
export type TableRead =
  | ({ gone?: false; arn: string } & StagedTable)
  | { gone: true; arn: string };

/**
 * Reads a set of named tables, as after AWS events: DescribeTable for each, each distinct key once for all the
 * tables it protects (through the key reader of the scan and the report), and the AWS tags of the tables asked
 * `withTags` (ListTagsOfResource). At most `concurrency` reads are in flight. A refusal is recorded and
 * assessed as unknown, as in a scan; a table DynamoDB does not have is `gone`; any other failure (throttling,
 * the network) rejects, so nothing half-read is stored.
 *
 * @public
 */
export async function readTables(
  clients: AwsClientFactory,
  tables: (TableArn & { withTags?: boolean })[],
  options: { concurrency: number },
): Promise<TableRead[]> {
  const limit = pLimit(options.concurrency);
  const keys = new Map<
    string,
    Promise<KeyObservation & { refusals: AwsRefusal[] }>
  >();
  const keyOf = (
    target: { accountId: string; region: string },
    ref: string,
  ) => {
    // A key is read with the table account's way in (keyTarget), so the account is part of its identity.
    const id = `${target.accountId} ${ref}`;
    let read = keys.get(id);
    if (!read) {
      read = limit(async () => {
        const refusals: AwsRefusal[] = [];
        return { ...(await readKey(clients, target, ref, refusals)), refusals };
      });
      keys.set(id, read);
    }
    return read;
  };

  const readOne = async (
    table: TableArn & { withTags?: boolean },
  ): Promise<TableRead> => {
    const target = { accountId: table.accountId, region: table.region };
    const refusals: AwsRefusal[] = [];
    const dynamodb = await clients.dynamodb(target);
    const [described, awsTags] = await limit(() =>
      Promise.all([
        refusalRecorder(
          refusals,
          target,
          table.arn,
        )('dynamodb:DescribeTable', () =>
          dynamodb.send(
            new DescribeTableCommand({ TableName: table.tableName }),
          ),
        ),
        table.withTags ? readTags(clients, table) : undefined,
      ]),
    );
    if (refusals.some(r => r.reason === 'not-found'))
      return { gone: true, arn: table.arn };
    const observation: TableEncryptionObservation = observeTable(
      target,
      table.tableName,
      table.arn,
      described?.Table,
    );
    const ref = observation.sse?.KMSMasterKeyArn;
    const key = ref ? await keyOf(target, ref) : undefined;
    return {
      arn: table.arn,
      observation: withKey(observation, refusals, key),
      ...(table.withTags ? awsTags : {}),
    };
  };
  return Promise.all(tables.map(readOne));
}

/** The table's AWS tags, or the refusal that hides them (tag policies and ownership by tag are unknown). */
async function readTags(
  clients: AwsClientFactory,
  table: TableArn,
): Promise<Pick<StagedTable, 'awsTags' | 'awsTagsRefused'>> {
  const awsTags = await readTableTags(clients, table).catch(e => {
    // Deleted meanwhile: DescribeTable says so, and the table is `gone`.
    if ((e as Error)?.name === 'NotFoundError') return {};
    throw e;
  });
  if (awsTags) return { awsTags };
  return {
    awsTagsRefused: {
      action: 'dynamodb:ListTagsOfResource',
      reason: 'access-denied',
      resource: table.arn,
      callerAccountId: table.accountId,
    },
  };
}
