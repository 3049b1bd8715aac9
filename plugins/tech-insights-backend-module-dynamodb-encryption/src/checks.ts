import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Config, JsonObject } from '@backstage/config';
import type { TechInsightJsonRuleCheck } from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** The checks this package ships (`checks.yaml`, beside `package.json`), by id. */
export async function shippedChecks(): Promise<TechInsightJsonRuleCheck[]> {
  const file = resolvePackagePath(
    '@dynamodb-encryption/backstage-plugin-tech-insights-backend-module',
    'checks.yaml',
  );
  return asChecks(parse(await readFile(file, 'utf8')) as JsonObject);
}

/** The checks a backend configures (`techInsights.factChecker.checks`), as the JSON rules engine reads them. */
export function configuredChecks(config: Config): TechInsightJsonRuleCheck[] {
  const checks = config.getOptional<JsonObject>(
    'techInsights.factChecker.checks',
  );
  return checks ? asChecks(checks) : [];
}

function asChecks(byId: JsonObject): TechInsightJsonRuleCheck[] {
  return Object.entries(byId).map(
    ([id, check]) => ({ id, ...(check as object) } as TechInsightJsonRuleCheck),
  );
}

/** Configured checks first; a shipped check whose id the config already uses is left to the config's. */
export function mergeChecks(
  configured: TechInsightJsonRuleCheck[],
  shipped: TechInsightJsonRuleCheck[],
): TechInsightJsonRuleCheck[] {
  const ids = new Set(configured.map(c => c.id));
  return [...configured, ...shipped.filter(c => !ids.has(c.id))];
}
