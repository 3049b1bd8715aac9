import {
  DescribeTableCommand,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AssessmentContext,
  assessTable,
  AwsRefusal,
  describeEncryption,
  fleetContexts,
  FleetPolicy,
  FleetRow,
  formatTableArn,
  TableEncryptionObservation,
  UnreachableAccount,
} from '@internal/plugin-dynamodb-encryption-common';
import {
  AwsClientFactory,
  AwsTarget,
  KeyObservation,
  listAllAliases,
  mapAwsError,
  readKey,
  refusalRecorder,
} from '@internal/plugin-dynamodb-encryption-node';
import pLimit from 'p-limit';
import { EntityInfo, entitiesByArn, ownerFromTag } from './catalogJoin';
import { FleetStore } from './fleetStore';
import { FleetTarget, resolveFleetAccounts } from './fleetTargets';

export type { FleetTarget } from './fleetTargets';

/** What a region's read keeps per table until the whole estate's context is known. */
interface Scanned {
  observation: TableEncryptionObservation;
  awsTags?: Record<string, string>;
}

const BATCH = 200;

/**
 * Scans every configured account and region into the store, in two steps:
 * 1. per account-region: ListTables (paged), DescribeTable per table with bounded concurrency, then per
 *    distinct key DescribeKey, GetKeyRotationStatus and GetKeyPolicy (through the same key reader as the
 *    per-table report), ListAliases once, and GetResources (100 tables a request) when a policy matches
 *    AWS tags: about one AWS request per table;
 * 2. the estate's context (tables per key across accounts, KMS tables per account across regions), then
 *    the one assessment (`assessTable`) per table, written in batches.
 * If any account-region fails, the scan is marked failed and readers keep the last complete scan.
 */
export function createFleetScanner(deps: {
  clients: AwsClientFactory;
  store: FleetStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  targets: FleetTarget[];
  policies: FleetPolicy[];
  /** AWS calls in flight per account-region. */
  concurrency: number;
  /** Accounts scanned at the same time (each with its own AWS quotas). Default 4. */
  accountConcurrency?: number;
  /** AWS tag keys naming an undeclared table's owner and system. Default `owner` and `system`. */
  tagKeys?: { owner?: string; system?: string };
  context?: Pick<AssessmentContext, 'pricing' | 'assumptions'>;
}) {
  const { clients, store, logger } = deps;

  async function scanTarget(
    scanId: number,
    target: AwsTarget,
  ): Promise<Scanned[]> {
    const limit = pLimit(deps.concurrency);
    const dynamodb = await clients.dynamodb(target);
    const kms = await clients.kms(target);
    const where = {
      ...target,
      resource: `tables of ${target.accountId}/${target.region}`,
    };

    const names: string[] = [];
    for await (const page of paginateListTables(
      { client: dynamodb },
      { Limit: 100 },
    )) {
      names.push(...(page.TableNames ?? []));
    }
    await store.progress(scanId, { total: names.length });

    // AWS tags of every table of the region, 100 a request: owner and system of undeclared tables, and
    // policies that match on tags.
    const awsTags = new Map<string, Record<string, string>>();
    const client = await clients.tagging(target);
    const pages = paginateGetResources(
      { client },
      { ResourceTypeFilters: ['dynamodb:table'], ResourcesPerPage: 100 },
    );
    for await (const page of pages) {
      for (const m of page.ResourceTagMappingList ?? []) {
        awsTags.set(
          m.ResourceARN!,
          Object.fromEntries((m.Tags ?? []).map(t => [t.Key!, t.Value ?? ''])),
        );
      }
    }

    let done = 0;
    const tables = await Promise.all(
      names.map(name =>
        limit(async (): Promise<TableEncryptionObservation> => {
          const arn = formatTableArn({ ...target, tableName: name });
          const refusals: AwsRefusal[] = [];
          const described = await refusalRecorder(
            refusals,
            target,
            arn,
          )('dynamodb:DescribeTable', () =>
            dynamodb.send(new DescribeTableCommand({ TableName: name })),
          );
          if (++done % 50 === 0) await store.progress(scanId, { done: 50 });
          const t = described?.Table;
          return {
            table: {
              arn: t?.TableArn ?? arn,
              name,
              accountId: target.accountId,
              region: target.region,
              status: t?.TableStatus,
            },
            sse: t?.SSEDescription,
            refusals: refusals.length ? refusals : undefined,
          };
        }),
      ),
    );
    await store.progress(scanId, { done: done % 50 });

    const keyRefs = [
      ...new Set(
        tables.map(t => t.sse?.KMSMasterKeyArn).filter((k): k is string => !!k),
      ),
    ];
    // Aliases of the region once (none needed where no table names a key); a key of another account is
    // read in its own account by the key reader.
    const regionAliases = keyRefs.length
      ? await listAllAliases(kms).catch(e => {
          throw mapAwsError(e, where);
        })
      : [];
    const aliasesOf = (at: AwsTarget, keyId: string) =>
      at.accountId === target.accountId && at.region === target.region
        ? regionAliases
            .filter(a => a.TargetKeyId === keyId)
            .map(a => a.AliasName!)
        : undefined;

    const keys = new Map<string, KeyObservation & { refusals: AwsRefusal[] }>();
    await Promise.all(
      keyRefs.map(ref =>
        limit(async () => {
          const refusals: AwsRefusal[] = [];
          const key = await readKey(clients, target, ref, refusals, aliasesOf);
          keys.set(ref, { ...key, refusals });
        }),
      ),
    );

    return tables.map(observation => {
      const ref = observation.sse?.KMSMasterKeyArn;
      const key = ref ? keys.get(ref) : undefined;
      const refusals = [
        ...(observation.refusals ?? []),
        ...(key?.refusals ?? []),
      ];
      return {
        observation: {
          ...observation,
          ...(key
            ? {
                key: key.key,
                aliases: key.aliases,
                rotation: key.rotation,
                keyPolicy: key.keyPolicy,
              }
            : {}),
          refusals: refusals.length ? refusals : undefined,
        },
        awsTags: awsTags.get(observation.table.arn),
      };
    });
  }

  /** Step 2: the estate's context, then the one assessment per table, written in batches. */
  async function assessAndStore(
    scanId: number,
    scanned: Scanned[],
    entities: Map<string, EntityInfo>,
  ) {
    const contexts = fleetContexts(
      scanned.map(s => ({
        arn: s.observation.table.arn,
        accountId: s.observation.table.accountId,
        encryption: describeEncryption(s.observation),
      })),
      scanId,
    );
    for (let i = 0; i < scanned.length; i += BATCH) {
      const rows = scanned
        .slice(i, i + BATCH)
        .map(({ observation, awsTags }): FleetRow => {
          const arn = observation.table.arn;
          const entity = entities.get(arn);
          const context = contexts.get(arn);
          const tagOwner = ownerFromTag(
            awsTags?.[deps.tagKeys?.owner ?? 'owner'],
          );
          const tagSystem = awsTags?.[deps.tagKeys?.system ?? 'system'];
          const assessment = assessTable(observation, {
            ...deps.context,
            fleet: context,
            policies: deps.policies,
            entityTags: entity?.tags,
            awsTags,
            // Unowned: neither a declaring entity nor an owner tag.
            declared: !!entity || !!tagOwner,
          });
          return {
            ...assessment,
            context,
            entityRef: entity?.entityRef,
            owner: entity?.owner ?? tagOwner,
            system: entity?.system ?? tagSystem,
            awsTags,
          };
        });
      await store.addRows(scanId, rows);
    }
  }

  return {
    async scan(): Promise<number> {
      const scanId = await store.startScan();
      const errors: string[] = [];
      const scanned: Scanned[] = [];
      const message = (e: unknown) =>
        e instanceof Error ? e.message : String(e);
      // Requests counted by the client factory's middleware, not by this code.
      const before = clients.requestCount();
      const entities = await entitiesByArn(deps).catch(e => {
        errors.push(`catalog: ${message(e)}`);
        return undefined;
      });
      const unreachable: UnreachableAccount[] = [];
      const accounts = entities
        ? await resolveFleetAccounts(clients, deps.targets).catch(e => {
            errors.push(message(e));
            return undefined;
          })
        : undefined;
      if (entities && accounts) {
        // Accounts in parallel (each has its own quotas), regions of an account one after the other.
        const perAccount = pLimit(deps.accountConcurrency ?? 4);
        await Promise.all(
          accounts.map(({ accountId, regions, roleName }) =>
            perAccount(async () => {
              try {
                // One AssumeRole per account, shared by its clients; a refusal skips only this account.
                await clients.credentials({
                  accountId,
                  region: regions[0],
                  roleName,
                });
              } catch (e) {
                unreachable.push({
                  accountId,
                  roleArn: roleName
                    ? `arn:aws:iam::${accountId}:role/${roleName}`
                    : undefined,
                  error: `${(e as Error).name ?? 'Error'}: ${message(e)}`,
                });
                return;
              }
              for (const region of regions) {
                try {
                  scanned.push(
                    ...(await scanTarget(scanId, {
                      accountId,
                      region,
                      roleName,
                    })),
                  );
                } catch (e) {
                  errors.push(`${accountId}/${region}: ${message(e)}`);
                }
              }
            }),
          ),
        );
        await assessAndStore(scanId, scanned, entities).catch(e => {
          errors.push(`store: ${message(e)}`);
        });
      }
      const requests = clients.requestCount() - before;
      await store.progress(scanId, { awsRequests: requests });
      await store.finishScan(
        scanId,
        errors.length ? 'failed' : 'complete',
        errors,
        unreachable,
      );
      for (const u of unreachable) {
        logger.warn('Fleet scan could not reach an account', { ...u });
      }
      logger.info('Fleet scan finished', {
        scanId,
        tables: scanned.length,
        awsRequests: requests,
        errors: errors.length,
        unreachableAccounts: unreachable.length,
      });
      return scanId;
    },
  };
}

/** @public */
export type FleetScanner = ReturnType<typeof createFleetScanner>;
