import { z } from 'zod/v3';
import {
  ACCOUNT_ID_MESSAGE,
  ACCOUNT_ID_PATTERN,
  REGION_MESSAGE,
  REGION_PATTERN,
} from './arn';
import { KEY_TYPES, KeyType } from './constants';
import type { FleetRow } from './fleet';
import { SEVERITIES } from './report';
import type { Finding, Severity } from './report';

/**
 * A platform policy from config, for example "production tables need a rotated customer managed key".
 *
 * @public
 */
export interface FleetPolicy {
  id: string;
  title: string;
  severity: Severity;
  /**
   * Which tables it applies to; all when omitted. `awsTags` are the table's own AWS tags (all must match);
   * `entityTags` the catalog entity's `metadata.tags` (any may match).
   */
  when?: {
    accountIds?: string[];
    regions?: string[];
    awsTags?: Record<string, string>;
    entityTags?: string[];
  };
  require: {
    keyTypes?: KeyType[];
    rotation?: boolean;
    allowedKeyArns?: string[];
  };
}

/**
 * The schema a policy from config must match (`dynamodbEncryption.fleet.policies`), checked at start-up.
 *
 * @public
 */
export const fleetPolicySchema: z.ZodType<FleetPolicy> = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]{1,60}$/, 'must be lowercase letters, digits and -'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    when: z
      .object({
        accountIds: z
          .array(z.string().regex(ACCOUNT_ID_PATTERN, ACCOUNT_ID_MESSAGE))
          .optional(),
        regions: z
          .array(z.string().regex(REGION_PATTERN, REGION_MESSAGE))
          .optional(),
        awsTags: z.record(z.string()).optional(),
        entityTags: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    require: z
      .object({
        keyTypes: z.array(z.enum(KEY_TYPES)).min(1).optional(),
        rotation: z.boolean().optional(),
        allowedKeyArns: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();

/**
 * Findings for the policies a row breaks.
 *
 * @public
 */
export function evaluatePolicies(
  policies: readonly FleetPolicy[],
  row: Pick<FleetRow, 'table' | 'encryption'>,
  tags: {
    entityTags?: readonly string[];
    awsTags?: Readonly<Record<string, string>>;
  } = {},
): Finding[] {
  const entityTags = tags.entityTags ?? [];
  const awsTags = tags.awsTags ?? {};
  const findings: Finding[] = [];
  for (const policy of policies) {
    const w = policy.when ?? {};
    if (w.accountIds && !w.accountIds.includes(row.table.accountId)) continue;
    if (w.regions && !w.regions.includes(row.table.region)) continue;
    if (w.entityTags && !w.entityTags.some(t => entityTags.includes(t)))
      continue;
    if (
      w.awsTags &&
      !Object.entries(w.awsTags).every(([k, v]) => awsTags[k] === v)
    )
      continue;
    const broken: string[] = [];
    const r = policy.require;
    const keyType = row.encryption.keyType;
    if (r.keyTypes && (keyType === 'UNKNOWN' || !r.keyTypes.includes(keyType)))
      broken.push(
        keyType === 'UNKNOWN'
          ? 'the key type could not be read'
          : `key type is ${keyType}`,
      );
    if (r.rotation && !row.encryption.rotation?.enabled)
      broken.push('the key does not rotate');
    if (
      r.allowedKeyArns &&
      row.encryption.kmsKeyArn &&
      !r.allowedKeyArns.includes(row.encryption.kmsKeyArn)
    ) {
      broken.push('the key is not on the allowed list');
    }
    if (broken.length) {
      findings.push({
        id: `policy-${policy.id}`,
        severity: policy.severity,
        title: `${policy.title}: ${broken.join('; ')}`,
      });
    }
  }
  return findings;
}

/** Findings a fleet row gets for not being declared in the catalog. @public */
export const UNOWNED_FINDING: Finding = {
  id: 'unowned-table',
  severity: 'medium',
  title: 'No catalog entity declares this table (no owner)',
  detail:
    'Register a Resource of type dynamodb-table with the aws.amazon.com/dynamodb-table-arn annotation.',
};
