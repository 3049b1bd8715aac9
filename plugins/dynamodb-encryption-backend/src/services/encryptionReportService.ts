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
  CostContext,
  DependentTable,
  describeEncryption,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  EncryptionFacts,
  EncryptionReport,
  encryptionDrift,
  estimateTableCost,
  evaluateCompliance,
  Finding,
  keyFindings,
  parseTableArn,
  rotationsCompleted,
  sortFindings,
  TableArn,
} from '@internal/plugin-dynamodb-encryption-common';
import { AwsClientFactory } from './awsClients';
import { DesiredState, readDesiredState } from './desiredState';
import { EntityAccess } from './entityAccess';
import { ReadThroughCache } from './reportCache';
import { readTableEncryption } from './tableEncryptionReader';

/** The part of a report that comes from AWS alone, cached per table ARN. */
type AwsReport = Pick<
  EncryptionReport,
  'table' | 'encryption' | 'cost' | 'findings' | 'compliance'
>;

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
}

function accessDeniedFinding(actions: string[]): Finding {
  return {
    id: 'kms-access-denied',
    severity: 'high',
    title: `The portal may not read the key (${actions.join(
      ', ',
    )} denied): the report is partial`,
    detail:
      '1. Verify the IAM permissions of the role the portal uses. 2. Check that the KMS key policy allows it. ' +
      '3. Verify the key ARN is correct. 4. Check CloudTrail for the specific error.',
  };
}

/** Rotations billed so far: from the key's age and period, assuming rotation was on since creation. */
function billedRotations(facts: EncryptionFacts): number {
  if (
    !facts.rotation?.enabled ||
    facts.rotation.managedByAws ||
    !facts.keyCreationDate
  )
    return 0;
  return rotationsCompleted(facts.keyCreationDate, facts.rotation.periodDays);
}

function tableOf(entity: Entity): TableArn {
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

export function createEncryptionReportService(deps: {
  access: EntityAccess;
  clients: AwsClientFactory;
  logger: LoggerService;
  cache: CacheService;
  urlReader: UrlReaderService;
  cacheTtlMs: number;
  staleTtlMs: number;
  cost?: Pick<CostContext, 'pricing' | 'assumptions'>;
}): EncryptionReportService {
  const { access, clients, logger } = deps;
  const options = { ttlMs: deps.cacheTtlMs, staleTtlMs: deps.staleTtlMs };
  const reads = new ReadThroughCache<AwsReport>(deps.cache, options);
  // The manifest in Git changes rarely: read it once per cache period, not on every card render.
  const manifests = new ReadThroughCache<DesiredState>(deps.cache, options);

  async function readAws(table: TableArn): Promise<AwsReport> {
    const { observation, accessDenied } = await readTableEncryption(
      clients,
      table,
    );
    const encryption = describeEncryption(observation);
    const compliance = evaluateCompliance(observation.table, encryption);
    const findings = [
      ...keyFindings(observation.table, encryption),
      ...compliance.findings,
    ];
    if (accessDenied.length) {
      logger.warn('AWS denied KMS reads for a table', {
        table: table.arn,
        actions: accessDenied.join(','),
      });
      findings.push(accessDeniedFinding(accessDenied));
    }
    return {
      table: observation.table,
      encryption,
      cost: estimateTableCost(encryption, {
        ...deps.cost,
        rotationsCompleted: billedRotations(encryption),
      }),
      findings: sortFindings(findings),
      compliance: compliance.frameworks,
    };
  }

  async function reportFor(entity: Entity): Promise<EncryptionReport> {
    const table = tableOf(entity);
    const [served, desired] = await Promise.all([
      reads.get(table.arn, () => readAws(table)),
      manifests
        .get(`manifest:${stringifyEntityRef(entity)}:${table.tableName}`, () =>
          readDesiredState(deps, entity, table.tableName),
        )
        .then(m => m.value),
    ]);
    const report: EncryptionReport = {
      ...served.value,
      drift: [],
      fetchedAt: served.fetchedAt,
      stale: served.stale,
      ...(served.stale ? { staleReason: served.staleReason } : {}),
    };
    if (desired.kind === 'problem')
      report.findings = sortFindings([...report.findings, desired.finding]);
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
    async getReport(ref, credentials) {
      return reportFor(await access.entity(ref, credentials));
    },

    async getDependentTables(ref, credentials) {
      const entity = await access.entity(ref, credentials);
      const relation =
        entity.kind.toLowerCase() === 'system' ? 'hasPart' : 'dependsOn';
      const refs = (entity.relations ?? [])
        .filter(r => r.type === relation && r.targetRef.startsWith('resource:'))
        .map(r => r.targetRef);
      const tables = (await access.entities(refs, credentials)).filter(
        e => e.spec?.type === DYNAMODB_TABLE_RESOURCE_TYPE,
      );
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
              monthlyUsd: report.cost?.monthlyUsd,
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
