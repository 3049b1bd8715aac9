import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  ResourceNotFoundException,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { ListAliasesCommand } from '@aws-sdk/client-kms';
import { resolve } from 'node:path';
import { sandboxClients } from '../seed';
import { ackRegion, AckTable, createTableInput } from './ack';
import { ackAdoption } from './ackAdoption';
import { ackDelta, readBack } from './ackCompare';
import { syncAckTable } from './ackUpdate';
import { evaluateApplication } from './application';
import { kubevelaDir, KroOptions, renderTables } from './kro';

/** Where the definitions, the RGD and the CRDs live; the repository's own by default. */
export interface ChainOptions extends KroOptions {
  definitionsDir?: string;
}

/**
 * The whole chain for one Application, without AWS: KubeVela (component + traits, evaluated by `cue`) →
 * kro instance → the real kro (RGD compiled and rendered by kro's own builder and runtime) → ACK Table.
 */
export async function renderAckTables(
  app: unknown,
  options: ChainOptions = {},
): Promise<AckTable[]> {
  const instances = await evaluateApplication(
    app,
    options.definitionsDir ?? resolve(kubevelaDir, 'definitions'),
  );
  const tables = await renderTables(instances, options);
  const refused = tables.find(t => t instanceof Error);
  if (refused) throw refused;
  return tables as AckTable[];
}

/**
 * A difference ACK's compare cannot see: a spec that names no key (the AWS managed key) against a table on a
 * customer managed key. customPreCompare (hooks.go) compares kmsMasterKeyID only when the spec has one, so the
 * controller leaves such a table on its key; said here, as ACK sends nothing.
 */
async function unswitchedToAwsManagedKey(
  endpoint: string,
  target: { accountId: string; region: string },
  desired: AckTable['spec'],
  latest: AckTable['spec'],
): Promise<string[]> {
  const want = desired.sseSpecification;
  const have = latest.sseSpecification?.kmsMasterKeyID;
  if (!want?.enabled || want.kmsMasterKeyID !== undefined || !have) return [];
  const kms = await sandboxClients(endpoint).kms(target);
  const { Aliases } = await kms.send(new ListAliasesCommand({ KeyId: have }));
  if (Aliases?.some(a => a.AliasName === 'alias/aws/dynamodb')) return [];
  return [
    `sseSpecification: the table stays on ${have}: ACK compares kmsMasterKeyID only when the spec names one, so it never switches a table to the AWS managed key`,
  ];
}

/**
 * What the ACK controller does for a Table in one account: read the table by its name (or by the name its
 * adoption fields give), create it when it is missing (with point-in-time recovery when asked), unless the
 * Table asks for strict adoption (`adopt`: nothing is created, "adopted resource not found"); otherwise read
 * it back as ACK does, compare as ACK's delta does, and send updates only for a real difference (see
 * syncAckTable). An adopted table is read without a write; where it differs from the spec it is then updated
 * as on the controller's next pass, once the Table is managed.
 */
export async function applyAckTable(
  endpoint: string,
  accountId: string,
  table: AckTable,
) {
  const region = ackRegion(table);
  if (!region)
    throw new Error(
      `Table ${table.metadata.name} has no services.k8s.aws/region annotation`,
    );
  const adoption = ackAdoption(table);
  const dynamodb = await sandboxClients(endpoint).dynamodb({
    accountId,
    region,
  });
  const TableName = adoption?.tableName ?? table.spec.tableName;
  const existing = await dynamodb
    .send(new DescribeTableCommand({ TableName }))
    .catch(e => {
      if (e instanceof ResourceNotFoundException) return undefined;
      throw e;
    });
  if (existing?.Table) {
    const arn = existing.Table.TableArn!;
    const [backups, tags] = await Promise.all([
      dynamodb.send(new DescribeContinuousBackupsCommand({ TableName })),
      dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: arn })),
    ]);
    const latest = readBack(
      existing.Table,
      backups.ContinuousBackupsDescription,
      tags.Tags ?? [],
    );
    const delta = ackDelta(table.spec, latest);
    const sync = await syncAckTable(dynamodb, arn, table.spec, latest, delta);
    sync.notApplied.push(
      ...(await unswitchedToAwsManagedKey(
        endpoint,
        { accountId, region },
        table.spec,
        latest,
      )),
    );
    return { region, created: false, adopted: !!adoption, delta, ...sync };
  }
  // ACK's AdoptedResourceNotFound: the Table waits for the table, and nothing is created.
  if (adoption?.policy === 'adopt')
    throw new Error(`adopted resource not found: table ${TableName}`);
  await dynamodb.send(new CreateTableCommand(createTableInput(table)));
  const calls = ['CreateTable'];
  if (table.spec.continuousBackups?.pointInTimeRecoveryEnabled) {
    await dynamodb.send(
      new UpdateContinuousBackupsCommand({
        TableName,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    calls.push('UpdateContinuousBackups');
  }
  return {
    region,
    created: true,
    adopted: false,
    delta: [],
    calls,
    notApplied: [],
  };
}

/** Applies every aws-dynamodb-kro component of an Application to the sandbox. */
export async function reconcileApplication(
  endpoint: string,
  accountId: string,
  app: unknown,
  options?: ChainOptions,
) {
  const tables = await renderAckTables(app, options);
  const results = [];
  for (const table of tables) {
    results.push({
      table,
      ...(await applyAckTable(endpoint, accountId, table)),
    });
  }
  return results;
}
