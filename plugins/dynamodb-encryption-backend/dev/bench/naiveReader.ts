/* eslint-disable @backstage/no-undeclared-imports -- benchmark code, run from the source tree with dev dependencies */
import { paginateListTables } from '@aws-sdk/client-dynamodb';
import {
  formatTableArn,
  parseTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  readTableEncryption,
  readTableTags,
} from '@dynamodb-encryption/backstage-plugin-node';
import pLimit from 'p-limit';

/**
 * The naive way to read a fleet, for benchmarks: the product's own per-table report reader applied to
 * every table on its own (DescribeTable, then DescribeKey, ListAliases, GetKeyRotationStatus and
 * GetKeyPolicy for the table's key, and ListTagsOfResource), so it reads the same facts as the scanner but
 * shares nothing between tables. Same concurrency limits as the scanner; accounts are reached through
 * `aws.accountDefaults`, as the per-table report reaches them.
 */
export async function naiveScan(
  clients: AwsClientFactory,
  options: {
    accounts: string[];
    regions: string[];
    tableConcurrency: number;
    accountConcurrency: number;
  },
): Promise<{ requests: number; tables: number }> {
  const before = clients.requestCount();
  const perAccount = pLimit(options.accountConcurrency);
  let tables = 0;
  await Promise.all(
    options.accounts.map(accountId =>
      perAccount(async () => {
        // An account's regions at the same time, as the scanner reads them.
        await Promise.all(
          options.regions.map(async region => {
            const dynamodb = await clients.dynamodb({ accountId, region });
            const names: string[] = [];
            for await (const page of paginateListTables(
              { client: dynamodb },
              { Limit: 100 },
            ))
              names.push(...(page.TableNames ?? []));
            tables += names.length;
            const limit = pLimit(options.tableConcurrency);
            await Promise.all(
              names.map(tableName =>
                limit(async () => {
                  const table = parseTableArn(
                    formatTableArn({ accountId, region, tableName }),
                  )!;
                  await readTableEncryption(clients, table);
                  await readTableTags(clients, table);
                }),
              ),
            );
          }),
        );
      }),
    ),
  );
  return { requests: clients.requestCount() - before, tables };
}
