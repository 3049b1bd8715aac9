import {
  DescribeTableCommand,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import {
  AwsRefusal,
  formatTableArn,
  TableEncryptionObservation,
} from '@dynamodb-encryption/backstage-plugin-common';
import pLimit from 'p-limit';
import { AwsClientFactory, AwsTarget } from './awsClients';
import { isAccessDenied, mapAwsError } from './awsErrors';
import { listAllAliases } from './kmsKeyService';
import { KeyObservation, observeTable, readKey, withKey } from './tableReader';
import { refusalRecorder } from './awsRefusals';

/**
 * What a scan read for one table (kept by the scanner until the estate's context is known).
 *
 * @public
 */
export interface StagedTable {
  observation: TableEncryptionObservation;
  awsTags?: Record<string, string>;
  /** Set when AWS refused to list the region's tags: tag policies and ownership by tag are unknown. */
  awsTagsRefused?: AwsRefusal;
}

type ReadKey = KeyObservation & { refusals: AwsRefusal[] };

/**
 * Reads every table of one account-region with about one AWS request per table, as a pipeline rather than
 * in phases, so the account's request quota stays busy:
 * - ListTables pages (100 names each), each name handed to DescribeTable as soon as its page arrives;
 * - each distinct key read once (DescribeKey, GetKeyRotationStatus, GetKeyPolicy, ListGrants, through the key
 *   reader the per-table report uses) as soon as the first table naming it is described;
 * - the region's aliases listed once, when the first key is read;
 * - AWS tags of every table of the region (GetResources, 100 tables a request) alongside.
 * At most `concurrency` DescribeTable and key reads are in flight, plus the one tag listing.
 * A refusal is an answer, not a failed region: a table, key or tag listing AWS refused is recorded and
 * assessed as unknown with what to grant; any other failure (ListTables refused, throttling, the network)
 * fails the region.
 *
 * @public
 */
export async function readRegion(
  clients: AwsClientFactory,
  target: AwsTarget,
  options: {
    concurrency: number;
    /** Called with each page's count of table names. */
    onListed?: (tables: number) => void;
    /** Called after each DescribeTable. */
    onDescribed?: () => void;
  },
): Promise<StagedTable[]> {
  const limit = pLimit(options.concurrency);
  const dynamodb = await clients.dynamodb(target);
  const kms = await clients.kms(target);
  const where = {
    ...target,
    resource: `tables of ${target.accountId}/${target.region}`,
  };

  const tagsRead = readRegionTags(clients, target, where.resource);
  // Settled below with the tables; until then a failure must not surface as an unhandled rejection.
  tagsRead.catch(() => undefined);

  // The region's aliases, once; when AWS refuses the listing, each key's own ListAliases (in the key reader)
  // records the refusal for the tables it protects instead of failing the region.
  let regionAliases:
    | Promise<Awaited<ReturnType<typeof listAllAliases>> | undefined>
    | undefined;
  const listAliases = () =>
    (regionAliases ??= listAllAliases(kms).catch(e => {
      if (isAccessDenied(e)) return undefined;
      throw mapAwsError(e, where);
    }));
  const keys = new Map<string, Promise<ReadKey>>();
  const keyOf = (ref: string) => {
    let read = keys.get(ref);
    if (!read) {
      read = limit(async () => {
        const aliases = await listAliases();
        // A key of this account-region is named by the aliases just listed; another account's key is read
        // in its own account by the key reader.
        const aliasesOf = (at: AwsTarget, keyId: string) =>
          aliases &&
          at.accountId === target.accountId &&
          at.region === target.region
            ? aliases
                .filter(a => a.TargetKeyId === keyId)
                .map(a => a.AliasName!)
            : undefined;
        const refusals: AwsRefusal[] = [];
        const key = await readKey(clients, target, ref, refusals, aliasesOf);
        return { ...key, refusals };
      });
      keys.set(ref, read);
    }
    return read;
  };

  const describe = async (name: string) => {
    const arn = formatTableArn({ ...target, tableName: name });
    const refusals: AwsRefusal[] = [];
    const described = await refusalRecorder(
      refusals,
      target,
      arn,
    )('dynamodb:DescribeTable', () =>
      dynamodb.send(new DescribeTableCommand({ TableName: name })),
    );
    options.onDescribed?.();
    const observation = observeTable(target, name, arn, described?.Table);
    return { observation, refusals };
  };

  const read = async (name: string): Promise<TableEncryptionObservation> => {
    const { observation, refusals } = await limit(() => describe(name));
    const ref = observation.sse?.KMSMasterKeyArn;
    const key = ref ? await keyOf(ref) : undefined;
    return withKey(observation, refusals, key);
  };

  const reads: Promise<TableEncryptionObservation>[] = [];
  for await (const page of paginateListTables(
    { client: dynamodb },
    { Limit: 100 },
  )) {
    const names = page.TableNames ?? [];
    options.onListed?.(names.length);
    reads.push(...names.map(read));
  }
  const [tables, { tags, refused }] = await Promise.all([
    Promise.all(reads),
    tagsRead,
  ]);
  return tables.map(observation => ({
    observation,
    awsTags: tags.get(observation.table.arn),
    ...(refused ? { awsTagsRefused: refused } : {}),
  }));
}

/**
 * AWS tags of every table of the region, 100 tables a request: owners, systems and tag policies. A refusal
 * is an answer (`refused`), not a failed region: the tables are still assessed, their tag policies say they
 * cannot be checked and what to grant.
 */
async function readRegionTags(
  clients: AwsClientFactory,
  target: AwsTarget,
  resource: string,
): Promise<{
  tags: Map<string, Record<string, string>>;
  refused?: AwsRefusal;
}> {
  const tags = new Map<string, Record<string, string>>();
  const client = await clients.tagging(target);
  const refusals: AwsRefusal[] = [];
  await refusalRecorder(
    refusals,
    target,
    resource,
  )('tag:GetResources', async () => {
    const pages = paginateGetResources(
      { client },
      { ResourceTypeFilters: ['dynamodb:table'], ResourcesPerPage: 100 },
    );
    for await (const page of pages) {
      for (const m of page.ResourceTagMappingList ?? []) {
        tags.set(
          m.ResourceARN!,
          Object.fromEntries((m.Tags ?? []).map(t => [t.Key!, t.Value ?? ''])),
        );
      }
    }
  });
  return { tags, refused: refusals[0] };
}
