import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  accountErrorCause,
  AssessmentContext,
  describeEncryption,
  FleetContextCounter,
  FleetPolicy,
  FleetRow,
  StalePart,
  UnreachableAccount,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  readRegion,
} from '@dynamodb-encryption/backstage-plugin-node';
import pLimit from 'p-limit';
import { EntityInfo, entitiesByArn, rejoinRow } from './catalogJoin';
import { assessFleetRow } from './fleetRowAssessment';
import { describeError } from './scanErrors';
import { FleetStore, UnreadPart } from '../store/fleetStore';
import {
  AccountTarget,
  FleetTarget,
  resolveFleetAccounts,
} from './fleetTargets';
import type { StagedTable } from '../store/observationStage';

export type { FleetTarget } from './fleetTargets';

const BATCH = 200;

/**
 * Scans every configured account and region into the store, in two steps, with memory that does not grow
 * with the estate:
 * 1. per account-region, about one AWS request per table (`readRegion`); what was read is staged in the
 *    database, and only the counts the context needs stay in memory (`FleetContextCounter`);
 * 2. once every account is read, the staged tables a page at a time: the estate's context, the one
 *    assessment (`assessTable`) per table, and the rows written.
 * An account or region that cannot be read keeps its rows from the snapshot before, marked stale, and the
 * scan is `partial`; a scan that read nothing (or lost the catalog or the store) is `failed`, and readers
 * keep the snapshot before it.
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
  context?: Pick<
    AssessmentContext,
    'pricing' | 'assumptions' | 'trustedAccounts'
  >;
}) {
  const { clients, store, logger } = deps;

  /** Step 2: the staged tables a page at a time, each with its context and the one assessment. */
  async function assessStaged(
    scanId: number,
    counter: FleetContextCounter,
    entities: Map<string, EntityInfo>,
    readAt: string,
  ) {
    const toRow = (staged: StagedTable): FleetRow =>
      assessFleetRow(deps, staged, {
        entity: entities.get(staged.observation.table.arn),
        fleet: counter.contextFor(
          {
            accountId: staged.observation.table.accountId,
            encryption: describeEncryption(staged.observation),
          },
          scanId,
        ),
        readAt,
      });
    for await (const page of store.stage.read(scanId, BATCH)) {
      await store.addRows(scanId, page.map(toRow));
    }
  }

  /** Step 1 for one account-region: read, count, stage; progress written every 50 tables. */
  async function readAndStage(
    scanId: number,
    target: { accountId: string; region: string; roleName?: string },
    counter: FleetContextCounter,
  ) {
    let described = 0;
    let reported = Promise.resolve();
    const tables = await readRegion(clients, target, {
      concurrency: deps.concurrency,
      onListed: n => {
        reported = reported.then(() => store.progress(scanId, { total: n }));
      },
      onDescribed: () => {
        if (++described % 50 === 0)
          reported = reported.then(() => store.progress(scanId, { done: 50 }));
      },
    });
    await reported;
    await store.progress(scanId, { done: described % 50 });
    for (const { observation } of tables) {
      counter.add({
        accountId: observation.table.accountId,
        encryption: describeEncryption(observation),
      });
    }
    await store.stage.add(scanId, tables);
    return tables.length;
  }

  return {
    async scan(): Promise<number> {
      // The rows' read time: no later than the scan's start as stored, so an event's re-read during the scan
      // counts as newer (FleetStore.finishScan).
      const readAt = new Date().toISOString();
      const scanId = await store.startScan();
      // Errors that leave nothing to read (the catalog, the organization's account list, the store).
      const errors: string[] = [];
      const counter = new FleetContextCounter();
      let tables = 0;
      let readParts = 0;
      let accounts: AccountTarget[] | undefined;
      const unreachable: UnreachableAccount[] = [];
      const unread: UnreadPart[] = [];
      let staleParts: StalePart[] = [];
      // Requests counted by the client factory's middleware, not by this code: this scan's only, not the
      // reports served while it runs.
      const { requests } = await clients.countRequestsOf(async () => {
        const entities = await entitiesByArn(deps).catch(e => {
          errors.push(`catalog: ${describeError(e)}`);
          return undefined;
        });
        accounts = entities
          ? await resolveFleetAccounts(clients, deps.targets).catch(e => {
              errors.push(describeError(e));
              return undefined;
            })
          : undefined;
        if (!entities || !accounts) return;
        // Accounts in parallel (each has its own quotas), up to accountConcurrency at a time.
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
                const error = describeError(e);
                unreachable.push({
                  accountId,
                  roleArn: roleName
                    ? `arn:aws:iam::${accountId}:role/${roleName}`
                    : undefined,
                  error,
                  cause: accountErrorCause(e as Error),
                });
                for (const region of regions)
                  unread.push({ accountId, region, reason: error });
                return;
              }
              // An account's regions at the same time: each has its own request quotas.
              await Promise.all(
                regions.map(async region => {
                  try {
                    // Awaited first: `tables += await …` would add to a stale total when regions overlap.
                    const read = await readAndStage(
                      scanId,
                      { accountId, region, roleName },
                      counter,
                    );
                    tables += read;
                    readParts++;
                  } catch (e) {
                    unread.push({
                      accountId,
                      region,
                      reason: describeError(e),
                    });
                  }
                }),
              );
            }),
          ),
        );
        // Nothing read at all: the scan failed, and the snapshot before it stays what readers see.
        if (unread.length && !readParts) {
          const first = unread
            .slice(0, 3)
            .map(p => `${p.accountId}/${p.region}: ${p.reason}`);
          errors.push(
            `no account or region could be read (${
              unread.length
            } tried; the last snapshot is kept): ${first.join('; ')}`,
          );
          return;
        }
        try {
          // What could not be read keeps its rows from the snapshot before, marked stale, and counts in
          // the estate's context like the rows read now.
          staleParts = await store.carryForward(scanId, unread, row => {
            counter.add({
              accountId: row.table.accountId,
              encryption: row.encryption,
            });
            return rejoinRow(entities, deps.tagKeys)(row);
          });
          await assessStaged(scanId, counter, entities, readAt);
        } catch (e) {
          errors.push(`store: ${describeError(e)}`);
        }
      });
      await store.progress(scanId, { awsRequests: requests });
      let status: 'complete' | 'partial' | 'failed' = 'complete';
      if (errors.length) status = 'failed';
      else if (unread.length) status = 'partial';
      await store.finishScan(
        scanId,
        status,
        errors,
        unreachable,
        // The accounts covered, so the dashboard names them without asking AWS.
        (accounts ?? []).map(({ accountId, name, regions }) => ({
          accountId,
          ...(name ? { name } : {}),
          regions,
        })),
        status === 'partial' ? staleParts : [],
      );
      for (const u of unreachable) {
        logger.warn('Fleet scan could not reach an account', { ...u });
      }
      for (const part of unread) {
        logger.warn('Fleet scan could not read an account and region', {
          ...part,
        });
      }
      const stale = staleParts.reduce((n, p) => n + p.tables, 0);
      logger.info('Fleet scan finished', {
        scanId,
        status,
        tables,
        staleTables: status === 'partial' ? stale : 0,
        awsRequests: requests,
        errors: errors.length,
        unreachableAccounts: unreachable.length,
        unreadParts: unread.length,
      });
      return scanId;
    },
  };
}

/** @public */
export type FleetScanner = ReturnType<typeof createFleetScanner>;
