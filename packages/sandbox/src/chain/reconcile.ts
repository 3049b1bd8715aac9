import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { resolve } from 'node:path';
import { sandboxClients } from '../seed';
import { ackRegion, AckTable, createTableInput } from './ack';
import { evaluateApplication } from './application';
import { KroOptions, renderTables } from './kro';

const kubevelaDir = resolve(__dirname, '../../../../kubevela');

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

/** What the ACK controller would do for a Table in one account: create it if it is missing. */
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
  try {
    await dynamodb.send(
      new DescribeTableCommand({ TableName: table.spec.tableName }),
    );
    return { region, created: false };
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  // The sandbox's UpdateTable ignores SSE changes, so tables are created in their final state.
  await dynamodb.send(new CreateTableCommand(createTableInput(table)));
  if (table.spec.continuousBackups?.pointInTimeRecoveryEnabled) {
    await dynamodb.send(
      new UpdateContinuousBackupsCommand({
        TableName: table.spec.tableName,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
  }
  return { region, created: true };
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
