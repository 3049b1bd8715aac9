import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  fleetFilterShape,
  FleetRow,
  parseTableArn,
  SEVERITIES,
} from '@dynamodb-encryption/backstage-plugin-common';
import { EncryptionReportService } from '../report/encryptionReportService';
import { FleetQuery } from '../store/fleetStore';
import { FleetRowFilter } from '../store/fleetFilter';
import { FleetReadAuthorizer } from '../permissions/fleetReadAccess';

/**
 * The table entity a caller names, by entity ref or by table ARN. An ARN resolves only to a table entity
 * that declares it and that the caller may read in the catalog: never to "any ARN you name".
 */
async function tableEntityRef(
  catalog: CatalogService,
  input: { entityRef?: string; tableArn?: string },
  credentials: BackstageCredentials,
) {
  if (!!input.entityRef === !!input.tableArn)
    throw new InputError('Give exactly one of entityRef and tableArn');
  if (input.entityRef) {
    try {
      return parseEntityRef(input.entityRef, { defaultKind: 'resource' });
    } catch (e) {
      throw new InputError(`Invalid entityRef: ${(e as Error).message}`);
    }
  }
  const table = parseTableArn(input.tableArn!);
  if (!table)
    throw new InputError(
      'Invalid tableArn: expected arn:aws:dynamodb:<region>:<account>:table/<name>',
    );
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'resource',
        'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE,
        [`metadata.annotations.${DYNAMODB_TABLE_ARN_ANNOTATION}`]: table.arn,
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  if (!items.length)
    throw new NotFoundError(
      `No table entity you may read declares ${table.arn}`,
    );
  return parseEntityRef(stringifyEntityRef(items[0]));
}

function findingsSummary(row: FleetRow) {
  return {
    arn: row.table.arn,
    name: row.table.name,
    accountId: row.table.accountId,
    region: row.table.region,
    keyType: row.encryption.keyType,
    kmsKeyArn: row.encryption.kmsKeyArn,
    entityRef: row.entityRef,
    owner: row.owner,
    monthlyUsd: row.cost.monthlyUsd,
    findings: row.findings.map(f => ({
      id: f.id,
      severity: f.severity,
      title: f.title,
      remediation: f.remediation,
    })),
  };
}

/**
 * Registers the plugin's actions (exposed to AI assistants through the MCP actions backend). Each runs with
 * the caller's credentials and the same checks as the HTTP route giving the same answer.
 */
export function registerEncryptionActions(deps: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  reports: EncryptionReportService;
  /** The caller's fleet access, as the fleet routes decide it. */
  readAccess: FleetReadAuthorizer;
  listTables(
    query: FleetQuery,
    filter: FleetRowFilter,
  ): Promise<{
    items: FleetRow[];
    nextCursor?: number;
  }>;
}) {
  const { actionsRegistry } = deps;

  actionsRegistry.register({
    name: 'get-table-encryption',
    title: 'What protects a DynamoDB table',
    description:
      'The encryption report of one DynamoDB table entity, as its catalog card shows it: key type, KMS key and aliases, key state, rotation, estimated monthly KMS cost, findings with remediation, compliance and drift from Git. Name the table by catalog entity ref (resource:default/orders) or by table ARN; an ARN must be declared by a table entity you may read.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .max(300)
            .optional()
            .describe(
              'Catalog entity ref of the table, e.g. resource:default/orders',
            ),
          tableArn: z
            .string()
            .max(300)
            .optional()
            .describe('DynamoDB table ARN, declared by a catalog entity'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          report: z
            .object({})
            .passthrough()
            .describe('The EncryptionReport of GET /entities/.../encryption'),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = await tableEntityRef(deps.catalog, input, credentials);
      const report = await deps.reports.getReport(ref, credentials);
      return {
        output: { entityRef: stringifyEntityRef(ref), report: { ...report } },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-tables-with-findings',
    title: 'List DynamoDB tables with findings',
    description:
      'Tables of the latest complete fleet scan with at least one finding at or above minSeverity (default high), most severe first, optionally filtered by account, region, key type, owner, finding id, key ARN, most severe finding or rotation. Page with cursor. Only the tables you may read: scope is conditional when that is not the whole fleet.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          // The fleet's own filter (-common), so the tool and GET /fleet/tables accept the same fields.
          ...fleetFilterShape(z),
          minSeverity: z.enum(SEVERITIES).default('high'),
          cursor: z.number().int().min(0).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        }),
      output: z =>
        z.object({
          items: z.array(z.object({}).passthrough()),
          nextCursor: z.number().optional(),
          scope: z
            .enum(['all', 'conditional'])
            .describe(
              'all: the whole fleet; conditional: only the tables the permission policy lets you read',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      // The same access as GET /fleet/tables: the whole fleet, or the rows the policy allows.
      const { scope, filter } = await deps.readAccess(
        credentials,
        'You may not read the fleet',
      );
      const { minSeverity, ...query } = input;
      const rank = SEVERITIES.indexOf(minSeverity);
      const severe = (row: FleetRow) =>
        row.findings.some(f => SEVERITIES.indexOf(f.severity) <= rank);
      const page = await deps.listTables(
        { ...query, sort: 'severity' },
        filter,
      );
      const items = page.items.filter(severe);
      // Rows come most severe first: the first row below the threshold ends the matches.
      const nextCursor =
        items.length === page.items.length ? page.nextCursor : undefined;
      return {
        output: {
          items: items.map(findingsSummary),
          ...(nextCursor !== undefined ? { nextCursor } : {}),
          scope,
        },
      };
    },
  });
}
