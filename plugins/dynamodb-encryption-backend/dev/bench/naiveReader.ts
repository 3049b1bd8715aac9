/* eslint-disable @backstage/no-undeclared-imports -- benchmark code, run from the source tree with dev dependencies */
import {
  DescribeTableCommand,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { AwsClientFactory } from '@internal/plugin-dynamodb-encryption-node';
import pLimit from 'p-limit';

/**
 * The reader a first version would write, for benchmarks: for every table DescribeTable, DescribeKey,
 * ListAliases and GetKeyRotationStatus, nothing shared between tables. Same concurrency as the scanner.
 */
export async function naiveScan(
  clients: AwsClientFactory,
  options: {
    accounts: string[];
    regions: string[];
    roleName: string;
    tableConcurrency: number;
    accountConcurrency: number;
  },
): Promise<{ requests: number }> {
  const before = clients.requestCount();
  const perAccount = pLimit(options.accountConcurrency);
  await Promise.all(
    options.accounts.map(accountId =>
      perAccount(async () => {
        for (const region of options.regions) {
          const target = { accountId, region, roleName: options.roleName };
          const dynamodb = await clients.dynamodb(target);
          const kms = await clients.kms(target);
          const names: string[] = [];
          for await (const page of paginateListTables(
            { client: dynamodb },
            { Limit: 100 },
          ))
            names.push(...(page.TableNames ?? []));
          const limit = pLimit(options.tableConcurrency);
          await Promise.all(
            names.map(name =>
              limit(async () => {
                const t = (
                  await dynamodb.send(
                    new DescribeTableCommand({ TableName: name }),
                  )
                ).Table!;
                const ref =
                  t.SSEDescription?.KMSMasterKeyArn ?? 'alias/aws/dynamodb';
                const key = (
                  await kms.send(new DescribeKeyCommand({ KeyId: ref }))
                ).KeyMetadata!;
                await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }));
                await kms
                  .send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))
                  .catch(() => undefined);
              }),
            ),
          );
        }
      }),
    ),
  );
  return { requests: clients.requestCount() - before };
}
