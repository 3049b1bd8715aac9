import {
  CreateTableCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  ResourceNotFoundException,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { resolve } from 'node:path';
import { sandboxClients } from '../seed';
import { ackRegion, AckTable, createTableInput } from './ack';
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
 * What the ACK controller does for a Table in one account: create the table when it is missing (with
 * point-in-time recovery when asked); otherwise read it back as ACK does, compare as ACK's delta does, and
 * send updates only for a real difference (see syncAckTable).
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
  const dynamodb = await sandboxClients(endpoint).dynamodb({
    accountId,
    region,
  });
  const TableName = table.spec.tableName;
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
    return { region, created: false, delta, ...sync };
  }
  // The sandbox's UpdateTable ignores SSE changes, so tables are created in their final state.
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
  return { region, created: true, delta: [], calls, notApplied: [] };
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
