import {
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AssessmentContext,
  assessTable,
  EncryptionReport,
  keyAccountIdOf,
  KeyChangePreview,
  KeyChangeSide,
  keyChoiceObservation,
  KeyReading,
  keySwitchHistory,
  KeyType,
  monthlyCostLabel,
  TableCostEstimate,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  KmsKeyService,
  planKeyChange,
} from '@dynamodb-encryption/backstage-plugin-node';
import {
  EncryptionReportService,
  tableOf,
} from '../report/encryptionReportService';
import { EntityAccess } from '../report/entityAccess';
import { FleetStore } from '../store/fleetStore';

/** What the preview asks for, once validated. */
export interface KeyChangePreviewRequest {
  ref: CompoundEntityRef;
  keyChoice: KeyType;
  kmsKeyArn?: string;
}

/** The preview of changing a table's key through Git. */
export interface KeyChangePreviewService {
  preview(
    request: KeyChangePreviewRequest,
    credentials: BackstageCredentials,
  ): Promise<KeyChangePreview>;
  /**
   * A key change of the entity's table is on its way through Git (its task has started): its page follows
   * it closely for a while (`EncryptionReportService.follow`). The entity is read as the caller may see it.
   */
  started(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<void>;
}

function side(
  cost: Pick<TableCostEstimate, 'monthlyUsd' | 'unknown' | 'basis'> | undefined,
  key: Omit<KeyChangeSide, 'costLabel' | 'monthlyUsd' | 'basis'>,
): KeyChangeSide {
  return {
    ...key,
    monthlyUsd: !cost || cost.unknown ? undefined : cost.monthlyUsd,
    costLabel: monthlyCostLabel(cost),
    basis: cost?.basis?.label,
  };
}

/**
 * The preview of a key change, for the template's review page: the Application's diff against Git and
 * every refusal (`planKeyChange`, the same as the `dynamodb:application:update-encryption` action), the
 * monthly cost before (the table's report) and after (the one assessment of the table on the proposed key,
 * with the latest scan's key sharing counted as if the table were already on it), and what the portal
 * knows of the table's recent key switches from the scans it keeps and the rows AWS events re-read.
 * The entity is read as the caller may see it, under `dynamodb-encryption.table.read`, as the report is.
 */
export function createKeyChangePreviewService(deps: {
  access: EntityAccess;
  reports: EncryptionReportService;
  urlReader: UrlReaderService;
  clients: AwsClientFactory;
  keys: KmsKeyService;
  store: FleetStore;
  logger: LoggerService;
  context?: Pick<AssessmentContext, 'pricing' | 'assumptions'>;
  now?: () => Date;
}): KeyChangePreviewService {
  const now = deps.now ?? (() => new Date());

  /** The proposed key's cost, with the fleet's context as if the table were already on that key. */
  async function proposedCost(
    report: Pick<EncryptionReport, 'table'>,
    keyChoice: KeyType,
    key: Parameters<typeof keyChoiceObservation>[2],
  ) {
    const observation = keyChoiceObservation(report.table, keyChoice, key);
    const kmsKeyArn = observation.sse?.KMSMasterKeyArn;
    const scanId = await deps.store.snapshotId();
    const fleet =
      scanId === undefined
        ? undefined
        : await deps.store.eventRows.contextFor(scanId, report.table.arn, {
            kmsKeyArn,
            keyAccountId: keyAccountIdOf(kmsKeyArn) ?? report.table.accountId,
            callsKms: keyChoice !== 'AWS_OWNED',
          });
    return assessTable(observation, {
      ...deps.context,
      fleet,
      now: now(),
    }).cost;
  }

  return {
    async started(ref, credentials) {
      const entity = await deps.access.entity(ref, credentials);
      deps.reports.follow(tableOf(entity).arn);
    },

    async preview({ ref, keyChoice, kmsKeyArn }, credentials) {
      const entity = await deps.access.entity(ref, credentials);
      const table = tableOf(entity);
      const entityRef = stringifyEntityRef(entity);
      const [plan, report, readings] = await Promise.all([
        planKeyChange(deps, entity, { keyChoice, kmsKeyArn }),
        deps.reports.getReport(ref, credentials).catch((e: Error) => e),
        deps.store.tableReadings(table.arn),
      ]);
      const notes = [...plan.notes];
      const summary = {
        arn: table.arn,
        name: table.tableName,
        accountId: table.accountId,
        region: table.region,
      };
      let current: KeyChangeSide;
      if (report instanceof Error) {
        deps.logger.warn('A key change preview could not read the table', {
          entityRef,
          error: String(report),
        });
        notes.push(
          `What protects the table now could not be read: ${report.message}`,
        );
        current = { keyType: 'UNKNOWN', costLabel: 'Unknown' };
      } else {
        current = side(report.cost, {
          keyType: report.encryption.keyType,
          kmsKeyArn: report.encryption.kmsKeyArn,
          aliases: report.encryption.aliases,
        });
      }
      const proposedKey = {
        keyType: keyChoice,
        kmsKeyArn:
          plan.key?.keyArn ??
          (keyChoice === 'CUSTOMER_MANAGED' ? kmsKeyArn : undefined),
        aliases: plan.key?.aliases,
      };
      const proposed =
        keyChoice === 'CUSTOMER_MANAGED' && !plan.key
          ? { ...proposedKey, costLabel: 'Unknown (the key cannot be used)' }
          : side(
              await proposedCost({ table: summary }, keyChoice, plan.key),
              proposedKey,
            );
      const history: KeyReading[] = readings.map(({ scanStartedAt, row }) => ({
        at: row.readAt ?? scanStartedAt,
        keyType: row.encryption.keyType,
        kmsKeyArn: row.encryption.kmsKeyArn,
        event: row.event,
      }));
      return {
        entityRef,
        table: summary,
        manifestUrl: plan.manifestUrl,
        diff: plan.manifest?.changed ? plan.manifest.diff : '',
        changed: !!plan.manifest?.changed,
        desired: plan.manifest?.desired,
        current,
        proposed,
        switches: keySwitchHistory(history, now(), keyChoice),
        refusals: plan.refusals,
        notes,
      };
    },
  };
}
