import type { CostEstimate, EncryptionFacts } from './report';

/**
 * How a table's key rotates, in words every screen uses: AWS managed keys rotate yearly and automatically;
 * the AWS owned key is AWS's business; "unknown" when AWS did not say.
 *
 * @public
 */
export function rotationLabel(
  encryption: Pick<EncryptionFacts, 'keyType' | 'rotation'>,
): string {
  const rotation = encryption.rotation;
  if (encryption.keyType === 'AWS_OWNED') {
    return 'Managed by AWS (not visible in your account)';
  }
  if (!rotation) return 'Unknown';
  if (rotation.managedByAws) return 'Automatic, yearly (by AWS)';
  if (!rotation.enabled) return 'Off';
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
