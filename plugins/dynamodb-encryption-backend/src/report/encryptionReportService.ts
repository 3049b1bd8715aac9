import {
  BackstageCredentials,
  CacheService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  AssessmentContext,
  DependentTable,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
  encryptionDrift,
  DISCOVERED_TABLE_ANNOTATION,
  FleetRow,
  parseTableArn,
  refusalSentence,
  sortFindings,
  TableArn,
  TableAssessment,
} from '@dynamodb-encryption/backstage-plugin-common';
import { TableAssessmentService } from '@dynamodb-encryption/backstage-plugin-node';
import { gitOpsFindings } from './desiredState';
import { createGitOpsReads, STATUS_REUSE_MS } from './gitOpsReads';
import { dependentTableEntities, EntityAccess } from './entityAccess';
import { ReadThroughCache } from './reportCache';

/** Builds encryption reports for catalog entities. */
export interface EncryptionReportService {
  getReport(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EncryptionReport>;
  getDependentTables(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<DependentTable[]>;
  /** Forgets the cached reads of these tables (re-read after AWS events), so the next report reads AWS. */
  forgetTables(arns: string[]): Promise<void>;
  /**
   * Follows a table whose Application is changing in Git (a key change on its way): for `forMs`, its reports
   * read Git on every request and AWS whenever the last read is older than `STATUS_REUSE_MS`, so its page
   * shows the change within seconds of the commit and of AWS applying it, not a cache period later.
   */
  follow(arn: string, forMs?: number): void;
}

/** How long a table is followed after a key change starts through Git. */
export const FOLLOW_KEY_CHANGE_MS = 10 * 60_000;

/** The table an entity declares (its ARN annotation); 404 without one, 400 when it is not a table ARN. */
export function tableOf(entity: Entity): TableArn {
  const ref = stringifyEntityRef(entity);
  const annotation =
    entity.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION];
  if (!annotation)
    throw new NotFoundError(
      `Entity ${ref} has no ${DYNAMODB_TABLE_ARN_ANNOTATION} annotation`,
    );
  const table = parseTableArn(annotation);
  if (!table)
    throw new InputError(
      `Annotation ${DYNAMODB_TABLE_ARN_ANNOTATION} of ${ref} is not a DynamoDB table ARN`,
    );
  return table;
}

/**
 * Reports for table entities: the one assessment (`assessTable`, through the assessment service) with the
 * context the fleet dashboard uses for the same table (the latest scan's key sharing and free-request share,
 * the configured policies), plus what only a single table's page shows (desired state and drift).
 *
 * Everything a warm report reuses is refreshed by one request in the background while the others keep
 * the current value (`ReadThroughCache`), so no lifetime ends with every waiting request stalled:
 * - the assessment (AWS): reused `cacheTtlMs`, never served as current past twice that, and served marked
 *   stale while AWS is unavailable up to `staleTtlMs`;
 * - the manifest and the Application status (Git): see `createGitOpsReads`;
 * - the entity (catalog): see `createEntityAccess`. Permissions are decided on every request.
 */
export function createEncryptionReportService(deps: {
  access: EntityAccess;
  assessments: TableAssessmentService;
  /** The latest complete fleet scan's row of the table, if a scan saw it: its context and owner. */
  fleetRow(
    arn: string,
  ): Promise<Pick<FleetRow, 'context' | 'owner'> | undefined>;
  logger: LoggerService;
  cache: CacheService;
  urlReader: UrlReaderService;
  cacheTtlMs: number;
  staleTtlMs: number;
  context?: Pick<
    AssessmentContext,
    'pricing' | 'assumptions' | 'policies' | 'trustedAccounts'
  >;
  /** The clock of the caches' lifetimes (tests). */
  now?: () => number;
}): EncryptionReportService {
  const { access, logger, now } = deps;
  const options = {
    ttlMs: deps.cacheTtlMs,
    staleTtlMs: deps.staleTtlMs,
    now,
    logger,
  };
  const reads = new ReadThroughCache<TableAssessment>(deps.cache, {
    ...options,
    name: 'table assessments',
  });
  const gitOps = createGitOpsReads({ ...deps, ...options });
  // The cache keys of each table's reports (one per entity showing it), so a re-read table is forgotten.
  const keysOfTable = new Map<string, Set<string>>();
  const remember = (arn: string, key: string) => {
    const keys = keysOfTable.get(arn) ?? new Set<string>();
    keys.add(key);
    keysOfTable.delete(arn);
    // Insertion order bounds the map as a FIFO.
    if (keysOfTable.size >= 10_000)
      keysOfTable.delete(keysOfTable.keys().next().value!);
    keysOfTable.set(arn, keys);
    return key;
  };

  async function assess(entity: Entity, table: TableArn) {
    const row = await deps.fleetRow(table.arn);
    // A discovered entity declares nothing, as in the scan (catalogJoin): the table is owned when the scan
    // found its owner tag, and unknown before a scan saw it; its generated tags are not the team's.
    const discovered =
      !!entity.metadata.annotations?.[DISCOVERED_TABLE_ANNOTATION];
    let declared: boolean | undefined = true;
    if (discovered) declared = row ? !!row.owner : undefined;
    const assessment = await deps.assessments.assess(table, {
      ...deps.context,
      fleet: row?.context,
      entityTags: discovered ? undefined : entity.metadata.tags ?? [],
      declared,
    });
    if (assessment.encryption.undetermined) {
      logger.warn('AWS refused part of a table read', {
        table: table.arn,
        reason: assessment.encryption.undetermined.reason,
      });
    }
    return assessment;
  }

  // Tables whose Application is changing in Git, until when (in this process).
  const followed = new Map<string, number>();
  const clock = () => (now ? now() : Date.now());
  async function readAssessment(entity: Entity, table: TableArn, ref: string) {
    const key = remember(table.arn, `assessment:${ref}:${table.arn}`);
    const served = await reads.get(key, () => assess(entity, table));
    const until = followed.get(table.arn);
    if (until === undefined) return served;
    if (clock() > until) {
      followed.delete(table.arn);
      return served;
    }
    if (clock() - Date.parse(served.fetchedAt) <= STATUS_REUSE_MS)
      return served;
    await reads.forget(key);
    return reads.get(key, () => assess(entity, table));
  }

  async function reportFor(entity: Entity): Promise<EncryptionReport> {
    const table = tableOf(entity);
    const ref = stringifyEntityRef(entity);
    const until = followed.get(table.arn);
    if (until !== undefined && clock() <= until)
      await gitOps.forget(ref, table.tableName);
    const status = gitOps.status(entity, ref);
    const [served, desired] = await Promise.all([
      readAssessment(entity, table, ref).catch(async e => {
        // A table that never came to be: say why, when the GitOps side refused its Application.
        const refused = await status;
        if (
          (e as Error)?.name === 'NotFoundError' &&
          refused?.phase === 'refused'
        )
          throw new NotFoundError(`${e.message}. ${refusalSentence(refused)}`);
        throw e;
      }),
      gitOps.desired(entity, ref, table.tableName),
    ]);
    const report: EncryptionReport = {
      ...served.value,
      drift: [],
      fetchedAt: served.fetchedAt,
      stale: served.stale,
      ...(served.stale ? { staleReason: served.staleReason } : {}),
    };
    report.findings = sortFindings([
      ...report.findings,
      ...gitOpsFindings(desired, await status),
    ]);
    if (desired.kind === 'desired') {
      report.desired = {
        ...desired.properties,
        manifestUrl: desired.manifestUrl,
      };
      report.drift = encryptionDrift(desired.properties, report.encryption);
    }
    return report;
  }

  return {
    follow(arn, forMs = FOLLOW_KEY_CHANGE_MS) {
      followed.delete(arn);
      // Bounded like the other per-table maps: the oldest followed table goes first.
      if (followed.size >= 10_000)
        followed.delete(followed.keys().next().value!);
      followed.set(arn, clock() + forMs);
    },

    async forgetTables(arns) {
      for (const arn of arns) {
        for (const key of keysOfTable.get(arn) ?? []) await reads.forget(key);
        keysOfTable.delete(arn);
      }
    },

    async getReport(ref, credentials) {
      return reportFor(await access.entity(ref, credentials));
    },

    async getDependentTables(ref, credentials) {
      const entity = await access.entity(ref, credentials);
      const tables = await dependentTableEntities(access, entity, credentials);
      return Promise.all(
        tables.map(async (t): Promise<DependentTable> => {
          const base = {
            entityRef: stringifyEntityRef(t),
            title: t.metadata.title ?? t.metadata.name,
          };
          try {
            const report = await reportFor(t);
            return {
              ...base,
              arn: report.table.arn,
              keyType: report.encryption.keyType,
              keyState: report.encryption.keyState,
              aliases: report.encryption.aliases,
              rotation: report.encryption.rotation,
              // No figure when the key type could not be read: unknown, not $0.00.
              monthlyUsd: report.cost?.unknown
                ? undefined
                : report.cost?.monthlyUsd,
              findings: report.findings.filter(f => f.severity !== 'info')
                .length,
            };
          } catch (e) {
            return {
              ...base,
              error: e instanceof Error ? e.message : String(e),
            };
          }
        }),
      );
    },
  };
}
