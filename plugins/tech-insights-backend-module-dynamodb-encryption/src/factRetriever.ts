import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  SCORECARD_FACT_SCHEMA,
} from '@dynamodb-encryption/backstage-plugin-common';
import { createDynamoDbEncryptionClient } from '@dynamodb-encryption/backstage-plugin-node';
import pLimit from 'p-limit';

/** Components and Systems are asked about only when they point at a Resource the way the card follows. */
function usesResources(entity: Entity): boolean {
  const kind = entity.kind.toLowerCase();
  if (kind === 'resource') return true;
  const relation = kind === 'system' ? 'hasPart' : 'dependsOn';
  return (entity.relations ?? []).some(
    r => r.type === relation && r.targetRef.startsWith('resource:'),
  );
}

/**
 * A Tech Insights fact retriever publishing what protects each DynamoDB table entity, and each Component or
 * System through the tables it depends on. The facts come from the DynamoDB encryption plugin's latest fleet
 * scan (its `scorecard-facts` route, called with this backend's own service credentials): no AWS read here.
 *
 * @public
 */
export function createDynamoDbEncryptionFactRetriever(deps: {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  /** Entities asked about at once. */
  concurrency?: number;
}): FactRetriever {
  return {
    id: DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'DynamoDB encryption',
    description:
      'Key type, key state, rotation, estimated KMS cost, critical/high findings and Git drift of DynamoDB tables, from the latest fleet scan',
    entityFilter: [
      { kind: 'resource', 'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE },
      { kind: ['component', 'system'] },
    ],
    schema: SCORECARD_FACT_SCHEMA,
    async handler(ctx) {
      const credentials = await deps.auth.getOwnServiceCredentials();
      const { items } = await deps.catalog.getEntities(
        { filter: ctx.entityFilter },
        { credentials },
      );
      const client = createDynamoDbEncryptionClient(deps);
      const limit = pLimit(deps.concurrency ?? 5);
      const facts = await Promise.all(
        items.filter(usesResources).map(entity =>
          limit(async (): Promise<TechInsightFact | undefined> => {
            const ref = {
              namespace: entity.metadata.namespace ?? 'default',
              kind: entity.kind.toLowerCase(),
              name: entity.metadata.name,
            };
            try {
              const found = await client.scorecardFacts(ref);
              return found ? { entity: ref, facts: { ...found } } : undefined;
            } catch (e) {
              ctx.logger.warn('No DynamoDB encryption facts for an entity', {
                entity: `${ref.kind}:${ref.namespace}/${ref.name}`,
                error: (e as Error).message,
              });
              return undefined;
            }
          }),
        ),
      );
      return facts.filter((f): f is TechInsightFact => !!f);
    },
  };
}
