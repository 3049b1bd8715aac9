import { AssessmentContext, assessTable } from './assessment';
import { keyChoiceObservation } from './keyChoiceObservation';
import type { KmsKeyOption } from './report';

/** The key types the form chooses without picking a key. @public */
export type KeyTypeWithoutPick = 'AWS_OWNED' | 'AWS_MANAGED';

/**
 * What a new table would cost a month with the AWS owned or the AWS managed key: the one assessment of a
 * table that does not exist yet, observed as DynamoDB would describe it (no SSE description for the AWS owned
 * key; `alias/aws/dynamodb`, managed by AWS, for the AWS managed key). Customer managed keys are estimated
 * per key (`estimateKeyChoice`).
 *
 * @public
 */
export function keyTypeChoiceEstimates(
  target: { accountId: string; region: string },
  context: Pick<AssessmentContext, 'pricing' | 'assumptions'> = {},
): Record<KeyTypeWithoutPick, NonNullable<KmsKeyOption['estimate']>> {
  const table = { arn: '', name: '(new table)', ...target };
  const owned = assessTable(
    keyChoiceObservation(table, 'AWS_OWNED'),
    context,
  ).cost;
  const managed = assessTable(
    keyChoiceObservation(table, 'AWS_MANAGED'),
    context,
  ).cost;
  const dollars = (usd: number) => `$${usd.toFixed(2)}`;
  return {
    AWS_OWNED: {
      monthlyUsd: owned.monthlyUsd,
      label: `About ${dollars(
        owned.monthlyUsd,
      )} a month (AWS owned key: no KMS charges)`,
    },
    AWS_MANAGED: {
      monthlyUsd: managed.monthlyUsd,
      label: `About ${dollars(
        managed.monthlyUsd,
      )} a month (no key fee; KMS requests billed)`,
    },
  };
}
