import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID,
  entityPath,
} from '@dynamodb-encryption/backstage-plugin-common';

/** A Tech Insights check on the DynamoDB encryption facts, with its result for one entity when it ran. */
export interface ScorecardCheck {
  id: string;
  name: string;
  description: string;
  /** Undefined when the check did not run: a fact it needs is not known for this entity. */
  passed?: boolean;
}

/**
 * Runs, for one entity, every Tech Insights check that reads the DynamoDB encryption facts (the shipped ones
 * and any a team adds on the same facts), through the Tech Insights backend's API.
 */
export async function runEncryptionChecks(
  deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ref: CompoundEntityRef,
): Promise<ScorecardCheck[]> {
  const base = await deps.discoveryApi.getBaseUrl('tech-insights');
  const listed = await deps.fetchApi.fetch(`${base}/checks`);
  if (!listed.ok) throw await ResponseError.fromResponse(listed);
  const checks = (
    (await listed.json()) as {
      id: string;
      name: string;
      description: string;
      factIds: string[];
    }[]
  ).filter(c => c.factIds.includes(DYNAMODB_ENCRYPTION_FACT_RETRIEVER_ID));
  if (!checks.length) return [];
  const ran = await deps.fetchApi.fetch(
    `${base}/checks/run/${entityPath(ref)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ checks: checks.map(c => c.id) }),
    },
  );
  if (!ran.ok) throw await ResponseError.fromResponse(ran);
  const results = (await ran.json()) as {
    check: { id: string };
    result: boolean;
  }[];
  const byId = new Map(results.map(r => [r.check.id, r.result]));
  return checks.map(c => ({
    id: c.id,
    name: c.name,
    description: c.description,
    passed: byId.get(c.id),
  }));
}
