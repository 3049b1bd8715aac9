import { DEFAULT_KMS_PRICING } from './cost';
import { keyTypeChoiceEstimates } from './keyChoiceEstimates';

const target = { accountId: '111111111111', region: 'us-east-1' };
// One continuously active caller decrypts again after 5 idle minutes at most: 12 × 24 × 30 requests a month.
const requests = 12 * 24 * 30;

describe('keyTypeChoiceEstimates', () => {
  it('prices the AWS owned key at nothing', () => {
    expect(keyTypeChoiceEstimates(target).AWS_OWNED.monthlyUsd).toBe(0);
  });

  it('prices the AWS managed key by its requests only, with the configured prices', () => {
    expect(keyTypeChoiceEstimates(target).AWS_MANAGED.monthlyUsd).toBeCloseTo(
      (requests / 10_000) * DEFAULT_KMS_PRICING.requestsPer10kUsd,
      2,
    );
    const dear = keyTypeChoiceEstimates(target, {
      pricing: { requestsPer10kUsd: 0.3 },
    }).AWS_MANAGED;
    expect(dear.monthlyUsd).toBeCloseTo((requests / 10_000) * 0.3, 2);
    expect(dear.label).toMatch(/^About \$0\.26 a month/);
  });
});
