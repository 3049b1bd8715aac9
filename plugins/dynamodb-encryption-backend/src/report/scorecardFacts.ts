import {
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import {
  dependentScorecardFacts,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  encryptionDrift,
  FleetRow,
  ScorecardFacts,
  sortFindings,
  tableScorecardFacts,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  gitOpsFindings,
  readApplicationStatus,
  readDesiredState,
} from './desiredState';
import { tableOf } from './encryptionReportService';
import { dependentTableEntities, EntityAccess } from './entityAccess';

/** Scorecard facts of catalog entities, from the latest complete fleet scan. */
export interface ScorecardFactsService {
  /**
   * Facts of a table entity, or of a Component or System through the tables it depends on; undefined when
   * the latest complete scan has not seen the table (or any of the tables).
   */
  factsFor(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ScorecardFacts | undefined>;
}

function isTable(entity: Entity) {
  return (
    entity.kind.toLowerCase() === 'resource' &&
    entity.spec?.type === DYNAMODB_TABLE_RESOURCE_TYPE
  );
}

/**
 * Facts for scorecards, from the one assessment as the latest fleet scan stored it (no AWS read of its own)
 * and the drift between each table's Application manifest in Git and that scan. The entity and the tables it
 * depends on are read with the caller's credentials and permissions, as on every entity route.
 */
export function createScorecardFactsService(deps: {
  access: EntityAccess;
  latestRow(arn: string): Promise<FleetRow | undefined>;
  urlReader: UrlReaderService;
  logger: LoggerService;
}): ScorecardFactsService {
  async function tableFacts(entity: Entity) {
    const table = tableOf(entity);
    const row = await deps.latestRow(table.arn);
    if (!row) return undefined;
    const [desired, status] = await Promise.all([
      readDesiredState(deps, entity, table.tableName),
      readApplicationStatus(deps, entity),
    ]);
    // The findings the table's page shows: the scan's, and what Git adds (one function for both).
    const extra = gitOpsFindings(desired, status);
    return tableScorecardFacts(
      extra.length
        ? { ...row, findings: sortFindings([...row.findings, ...extra]) }
        : row,
      desired.kind === 'desired'
        ? encryptionDrift(desired.properties, row.encryption)
        : undefined,
    );
  }

  return {
    async factsFor(ref, credentials) {
      const entity = await deps.access.entity(ref, credentials);
      if (isTable(entity)) return tableFacts(entity);
      const tables = await dependentTableEntities(
        deps.access,
        entity,
        credentials,
      );
      const facts = await Promise.all(
        tables.map(t =>
          tableFacts(t).catch(e => {
            deps.logger.warn('No scorecard facts for a dependent table', {
              entity: t.metadata.name,
              error: String(e),
            });
            return undefined;
          }),
        ),
      );
      if (!facts.length || facts.every(f => !f)) return undefined;
      // A table the scan has not seen counts as one table whose facts are all unknown.
      return dependentScorecardFacts(facts.map(f => f ?? { tables: 1 }));
    },
  };
}
