import { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostContext,
  describeEncryption,
  EncryptionFacts,
  estimateTableCost,
  evaluateCompliance,
  rotationsCompleted,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
  Finding,
  keyFindings,
  parseTableArn,
  sortFindings,
} from '@internal/plugin-dynamodb-encryption-common';
import { AwsClientFactory } from './awsClients';
import { readTableEncryption } from './tableEncryptionReader';

/** Builds encryption reports for catalog entities. */
export interface EncryptionReportService {
  getReport(ref: CompoundEntityRef, credentials: BackstageCredentials): Promise<EncryptionReport>;
}

function accessDeniedFinding(actions: string[]): Finding {
  return {
    id: 'kms-access-denied',
    severity: 'high',
    title: `The portal may not read the key (${actions.join(', ')} denied): the report is partial`,
    detail:
      'Verify the IAM permissions of the role the portal uses, check that the key policy allows it, ' +
      'verify the key ARN is correct, and check CloudTrail for the specific error.',
  };
}

/** Creates the report service on top of the catalog and AWS. */
/** Rotations billed so far: from the key's age and period, assuming rotation was on since creation. */
function billedRotations(facts: EncryptionFacts): number {
  if (!facts.rotation?.enabled || facts.rotation.managedByAws || !facts.keyCreationDate) return 0;
  return rotationsCompleted(facts.keyCreationDate, facts.rotation.periodDays);
}

export function createEncryptionReportService(deps: {
  catalog: CatalogService;
  clients: AwsClientFactory;
  logger: LoggerService;
  cost?: Pick<CostContext, 'pricing' | 'assumptions'>;
}): EncryptionReportService {
  const { catalog, clients, logger } = deps;

  async function loadEntity(ref: CompoundEntityRef, credentials: BackstageCredentials): Promise<Entity> {
    // The caller's credentials: an entity they may not read is indistinguishable from a missing one.
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref.kind}:${ref.namespace}/${ref.name}`);
    }
    return entity;
  }

  return {
    async getReport(ref, credentials) {
      const entity = await loadEntity(ref, credentials);
      const annotation = entity.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION];
      if (!annotation) {
        throw new NotFoundError(
          `Entity ${ref.kind}:${ref.namespace}/${ref.name} has no ${DYNAMODB_TABLE_ARN_ANNOTATION} annotation`,
        );
      }
      const table = parseTableArn(annotation);
      if (!table) {
        throw new InputError(
          `Annotation ${DYNAMODB_TABLE_ARN_ANNOTATION} of ${ref.kind}:${ref.namespace}/${ref.name} is not a DynamoDB table ARN`,
        );
      }
      const { observation, accessDenied } = await readTableEncryption(clients, table);
      const encryption = describeEncryption(observation);
      const compliance = evaluateCompliance(observation.table, encryption);
      const findings = [...keyFindings(observation.table, encryption), ...compliance.findings];
      if (accessDenied.length) {
        logger.warn('AWS denied KMS reads for a table', { table: table.arn, actions: accessDenied.join(',') });
        findings.push(accessDeniedFinding(accessDenied));
      }
      return {
        table: observation.table,
        encryption,
        cost: estimateTableCost(encryption, { ...deps.cost, rotationsCompleted: billedRotations(encryption) }),
        findings: sortFindings(findings),
        compliance: compliance.frameworks,
        drift: [],
        fetchedAt: new Date().toISOString(),
        stale: false,
      };
    },
  };
}
