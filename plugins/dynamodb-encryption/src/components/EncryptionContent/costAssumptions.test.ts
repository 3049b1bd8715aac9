import {
  DEFAULT_COST_ASSUMPTIONS,
  DEFAULT_KMS_PRICING,
  estimateTableCost,
} from '@dynamodb-encryption/backstage-plugin-common';
import { costAssumptionSentences } from './costAssumptions';

describe('costAssumptionSentences', () => {
  it('writes what a customer managed key estimate records as sentences', () => {
    const { assumptions } = estimateTableCost(
      { keyType: 'CUSTOMER_MANAGED', keyState: 'Enabled' },
      {
        tablesSharingKey: 3,
        rotationsCompleted: 2,
        accountKmsTables: 6,
        assumptions: { operationsPerDay: 10_000 },
      },
    );
    expect(costAssumptionSentences(assumptions, 'CUSTOMER_MANAGED')).toEqual([
      '1 caller uses the table 24 hours a day, 30 days a month.',
      'Each active caller decrypts the table key about every 5 minutes.',
      'The upper bound without caching assumes 10,000 operations a day.',
      'A customer managed key costs $1.00 a month.',
      'Each of its first 2 rotations adds $1.00 a month; later rotations are free.',
      'KMS requests cost $0.03 per 10,000.',
      "The account's 20,000 free KMS requests a month are shared by 6 tables that use KMS in the account.",
      "The key's fees are split across 3 tables.",
      "The key's material has rotated 2 times.",
    ]);
  });

  it('fits the words to the counts', () => {
    expect(
      costAssumptionSentences({
        activeCallersPerTable: 4,
        keyCacheMinutes: 1,
        maxBilledRotations: 1,
        rotationMonthlyUsd: 1,
        accountKmsTables: 1,
        tablesSharingKey: 1,
        rotationsCompleted: 1,
      }),
    ).toEqual([
      '4 callers use the table.',
      'Each active caller decrypts the table key about every minute.',
      'Its first rotation adds $1.00 a month; later rotations are free.',
      "The account's free KMS requests are shared by 1 table that uses KMS in the account.",
      "This table alone bears the key's fees.",
      "The key's material has rotated 1 time.",
    ]);
  });

  it('says when the free requests are not credited, and keeps what it has no words for', () => {
    expect(
      costAssumptionSentences({
        freeRequestsPerMonth: DEFAULT_KMS_PRICING.freeRequestsPerMonth,
        accountKmsTables: 0,
        rotationsCompleted: 0,
        peakFactor: 2,
      }),
    ).toEqual([
      "The account's 20,000 free KMS requests a month are not credited: this estimate cannot see the account's other tables.",
      "No rotation of the key's material is billed.",
      'Peak factor: 2.',
    ]);
  });

  it('leaves out what does not bear on the key type', () => {
    const recorded = {
      ...DEFAULT_KMS_PRICING,
      ...DEFAULT_COST_ASSUMPTIONS,
      tablesSharingKey: 1,
      rotationsCompleted: 0,
      accountKmsTables: 0,
    };
    const managed = costAssumptionSentences(recorded, 'AWS_MANAGED');
    expect(managed).toContain('KMS requests cost $0.03 per 10,000.');
    expect(managed.join(' ')).not.toMatch(/customer managed|rotation|fees/);
    expect(costAssumptionSentences(recorded, 'AWS_OWNED')).toEqual([
      'AWS owned keys are free: no key fee and no request charges.',
    ]);
  });
});
