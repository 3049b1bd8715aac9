import type { CostEstimate, EncryptionFacts } from './report';

/** A rotation period in words: "yearly", "every 2 years", "every 90 days". */
function periodWords(days: number): string {
  if (days % 365 === 0)
    return days === 365 ? 'yearly' : `every ${days / 365} years`;
  return `every ${days} days`;
}

/**
 * How a table's key rotates, in words every screen uses: AWS managed keys rotate yearly and automatically;
 * the AWS owned key is AWS's business; "unknown" when AWS did not say. `compact` is the same answer in
 * fewer words, for a table's one-line rows.
 *
 * @public
 */
export function rotationLabel(
  encryption: Pick<EncryptionFacts, 'keyType' | 'rotation'>,
  options: { compact?: boolean } = {},
): string {
  const rotation = encryption.rotation;
  const compact = options.compact ?? false;
  if (encryption.keyType === 'AWS_OWNED') {
    return compact
      ? 'By AWS, not visible'
      : 'Managed by AWS (not visible in your account)';
  }
  if (!rotation) return 'Unknown';
  if (rotation.managedByAws) {
    return compact ? 'Automatic, yearly' : 'Automatic, yearly (by AWS)';
  }
  if (!rotation.enabled) return 'Off';
  if (compact) {
    return rotation.periodDays
      ? `On, ${periodWords(rotation.periodDays)}`
      : 'On';
  }
  const period = rotation.periodDays
    ? `, every ${rotation.periodDays} days`
    : '';
  const next = rotation.nextRotationDate
    ? `, next ${rotation.nextRotationDate.slice(0, 10)}`
    : '';
  return `Enabled${period}${next}`;
}

/**
 * A monthly cost in words: dollars, or "unknown" when the key type could not be read.
 *
 * @public
 */
export function monthlyCostLabel(
  cost: Pick<CostEstimate, 'monthlyUsd' | 'unknown'> | undefined,
): string {
  if (!cost || cost.unknown) return 'Unknown';
  return `$${cost.monthlyUsd.toFixed(2)} / month`;
}

/**
 * A count with the word that fits it, for every text the portal writes: `plural(1, 'table', 'tables')` is
 * "1 table", `plural(3, ...)` "3 tables", never "3 table(s)". The words may carry their verb (`'table is'`,
 * `'tables are'`). Counts of a thousand or more get separators ("20,000 requests").
 *
 * @public
 */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
