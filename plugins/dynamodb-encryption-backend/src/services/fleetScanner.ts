import {
  DescribeTableCommand,
  ListTablesCommand,
  TableDescription,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KeyMetadata,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostContext,
  describeEncryption,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  estimateTableCost,
  evaluateCompliance,
  evaluatePolicies,
  FleetPolicy,
  FleetRow,
  formatTableArn,
  isAwsManagedKey,
  keyFindings,
  sortFindings,
  UNOWNED_FINDING,
} from '@internal/plugin-dynamodb-encryption-common';
import { AwsClientFactory, AwsTarget } from './awsClients';
import { FleetStore } from './fleetStore';
import { mapLimited } from './mapLimited';

/** An account and the regions to scan in it. */
export interface FleetTarget {
  accountId: string;
  regions: string[];
}

interface EntityInfo {
  entityRef: string;
  owner?: string;
  system?: string;
  tags: string[];
}

const BATCH = 200;

/**
 * Scans every configured account and region into the store. Per account-region: ListTables (paged),
 * DescribeTable per table with bounded concurrency, then DescribeKey and GetKeyRotationStatus once per
 * distinct key and ListAliases once, and GetResources (100 tables a request) when a policy matches AWS tags:
 * about one AWS request per table. Rows are written in batches as each
 * account-region is read; if any account-region fails, the scan is marked failed and readers keep the last
 * complete scan.
 */
export function createFleetScanner(deps: {
  clients: AwsClientFactory;
  store: FleetStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  targets: FleetTarget[];
  policies: FleetPolicy[];
  concurrency: number;
  cost?: Pick<CostContext, 'pricing' | 'assumptions'>;
}) {
  const { clients, store, logger } = deps;

  async function entitiesByArn(): Promise<Map<string, EntityInfo>> {
    const { items } = await deps.catalog.getEntities(
      {
        filter: { kind: 'Resource', 'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE },
      },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    const map = new Map<string, EntityInfo>();
    for (const e of items) {
      const arn = e.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION];
      if (!arn) continue;
      map.set(arn, {
        entityRef: stringifyEntityRef(e),
        owner: typeof e.spec?.owner === 'string' ? e.spec.owner : undefined,
        system: typeof e.spec?.system === 'string' ? e.spec.system : undefined,
        tags: e.metadata.tags ?? [],
      });
    }
    return map;
  }

  async function scanTarget(
    scanId: number,
    target: AwsTarget,
    entities: Map<string, EntityInfo>,
  ) {
    let requests = 0;
    const dynamodb = await clients.dynamodb(target);
    const kms = await clients.kms(target);

    const names: string[] = [];
    for (
      let start: string | undefined, first = true;
      first || start;
      first = false
    ) {
      const page = await dynamodb.send(
        new ListTablesCommand({ ExclusiveStartTableName: start, Limit: 100 }),
      );
      requests++;
      names.push(...(page.TableNames ?? []));
      start = page.LastEvaluatedTableName;
    }
    await store.progress(scanId, { total: names.length });

    // AWS tags of every table of the region, 100 a request, for policies that match on them.
    const awsTags = new Map<string, Record<string, string>>();
    if (deps.policies.some(p => p.when?.awsTags)) {
      const tagging = await clients.tagging(target);
      for (
        let token: string | undefined, first = true;
        first || token;
        first = false
      ) {
        const page = await tagging.send(
          new GetResourcesCommand({
            ResourceTypeFilters: ['dynamodb:table'],
            PaginationToken: token || undefined,
          }),
        );
        requests++;
        for (const m of page.ResourceTagMappingList ?? []) {
          awsTags.set(
            m.ResourceARN!,
            Object.fromEntries(
              (m.Tags ?? []).map(t => [t.Key!, t.Value ?? '']),
            ),
          );
        }
        token = page.PaginationToken;
      }
    }

    let done = 0;
    // Only what encryption needs is kept per table (a few hundred bytes) until the region's keys are known, so
    // memory is bounded by DynamoDB's tables-per-region quota (2,500 by default), not by the estate.
    const tables = await mapLimited(names, deps.concurrency, async name => {
      const t = (
        await dynamodb.send(new DescribeTableCommand({ TableName: name }))
      ).Table as TableDescription;
      requests++;
      if (++done % 50 === 0) await store.progress(scanId, { done: 50 });
      return {
        TableArn: t.TableArn,
        TableName: t.TableName,
        TableStatus: t.TableStatus,
        SSEDescription: t.SSEDescription,
      };
    });
    await store.progress(scanId, { done: done % 50 });

    const keyRefs = [
      ...new Set(
        tables
          .map(t => t.SSEDescription?.KMSMasterKeyArn)
          .filter((k): k is string => !!k),
      ),
    ];
    const keys = new Map<string, KeyMetadata | undefined>();
    await mapLimited(keyRefs, deps.concurrency, async ref => {
      const meta = await kms.send(new DescribeKeyCommand({ KeyId: ref })).then(
        r => r.KeyMetadata,
        () => undefined,
      );
      requests++;
      keys.set(ref, meta);
    });
    const aliases: { AliasName?: string; TargetKeyId?: string }[] = [];
    for (
      let marker: string | undefined, first = true;
      first || marker;
      first = false
    ) {
      const page = await kms.send(new ListAliasesCommand({ Marker: marker }));
      requests++;
      aliases.push(...(page.Aliases ?? []));
      marker = page.Truncated ? page.NextMarker : undefined;
    }
    const aliasesOf = (keyId?: string) =>
      aliases.filter(a => a.TargetKeyId === keyId).map(a => a.AliasName!);
    const rotations = new Map<
      string,
      { KeyRotationEnabled?: boolean; RotationPeriodInDays?: number }
    >();
    const distinct = [
      ...new Map(
        [...keys.values()]
          .filter((m): m is KeyMetadata => !!m)
          .map(m => [m.KeyId!, m]),
      ).values(),
    ];
    await mapLimited(
      distinct.filter(
        m =>
          !isAwsManagedKey(m, aliasesOf(m.KeyId)) && m.KeyState === 'Enabled',
      ),
      deps.concurrency,
      async m => {
        const status = await kms
          .send(new GetKeyRotationStatusCommand({ KeyId: m.KeyId }))
          .catch(() => undefined);
        requests++;
        if (status) rotations.set(m.KeyId!, status);
      },
    );

    const sharing = new Map<string, number>();
    for (const t of tables) {
      const meta = keys.get(t.SSEDescription?.KMSMasterKeyArn ?? '');
      if (meta?.Arn) sharing.set(meta.Arn, (sharing.get(meta.Arn) ?? 0) + 1);
    }
    const kmsTables = tables.filter(
      t => t.SSEDescription?.KMSMasterKeyArn,
    ).length;

    for (let i = 0; i < tables.length; i += BATCH) {
      const rows = tables.slice(i, i + BATCH).map((t): FleetRow => {
        const arn =
          t.TableArn ?? formatTableArn({ ...target, tableName: t.TableName! });
        const meta = keys.get(t.SSEDescription?.KMSMasterKeyArn ?? '');
        const summary = {
          arn,
          name: t.TableName!,
          accountId: target.accountId,
          region: target.region,
          status: t.TableStatus,
        };
        const encryption = describeEncryption({
          table: summary,
          sse: t.SSEDescription,
          key: meta,
          aliases: aliasesOf(meta?.KeyId),
          rotation: meta ? rotations.get(meta.KeyId!) : undefined,
        });
        const entity = entities.get(arn);
        const row: FleetRow = {
          table: summary,
          encryption,
          cost: estimateTableCost(encryption, {
            ...deps.cost,
            tablesSharingKey: meta?.Arn ? sharing.get(meta.Arn) : 1,
            accountKmsTables: kmsTables || undefined,
          }),
          findings: [],
          entityRef: entity?.entityRef,
          owner: entity?.owner,
          system: entity?.system,
        };
        row.findings = sortFindings([
          ...keyFindings(summary, encryption),
          ...evaluateCompliance(summary, encryption).findings,
          ...evaluatePolicies(deps.policies, row, {
            entityTags: entity?.tags,
            awsTags: awsTags.get(arn),
          }),
          ...(entity ? [] : [UNOWNED_FINDING]),
        ]);
        return row;
      });
      await store.addRows(scanId, rows);
    }
    await store.progress(scanId, { awsRequests: requests });
    return { tables: tables.length, requests };
  }

  return {
    async scan(): Promise<number> {
      const scanId = await store.startScan();
      const errors: string[] = [];
      let tables = 0;
      let requests = 0;
      try {
        const entities = await entitiesByArn();
        for (const { accountId, regions } of deps.targets) {
          for (const region of regions) {
            try {
              const result = await scanTarget(
                scanId,
                { accountId, region },
                entities,
              );
              tables += result.tables;
              requests += result.requests;
            } catch (e) {
              errors.push(
                `${accountId}/${region}: ${
                  e instanceof Error ? e.message : String(e)
                }`,
              );
            }
          }
        }
      } catch (e) {
        errors.push(`catalog: ${e instanceof Error ? e.message : String(e)}`);
      }
      await store.finishScan(
        scanId,
        errors.length ? 'failed' : 'complete',
        errors,
      );
      logger.info('Fleet scan finished', {
        scanId,
        tables,
        awsRequests: requests,
        errors: errors.length,
      });
      return scanId;
    },
  };
}

export type FleetScanner = ReturnType<typeof createFleetScanner>;
