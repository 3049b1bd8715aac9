import {
  estimateTableCost,
  monthlyKmsRequests,
  rotationsCompleted,
  DEFAULT_COST_ASSUMPTIONS,
} from './cost';

describe('the KMS cost model', () => {
  it('models 8,640 requests a month for one continuously active caller', () => {
    expect(monthlyKmsRequests(DEFAULT_COST_ASSUMPTIONS)).toBe(8640);
  });

  it('charges nothing for the AWS owned key', () => {
    expect(estimateTableCost({ keyType: 'AWS_OWNED' })).toMatchObject({
      monthlyUsd: 0,
      breakdown: [],
    });
  });

  it('charges only requests for the AWS managed key', () => {
    const cost = estimateTableCost({ keyType: 'AWS_MANAGED' });
    expect(cost.monthlyUsd).toBe(0.0259);
    expect(cost.breakdown).toHaveLength(1);
  });

  it('charges a rotated CMK of its own the key fee, two billed rotations and requests', () => {
    const cost = estimateTableCost(
      { keyType: 'CUSTOMER_MANAGED', keyState: 'Enabled' },
      { rotationsCompleted: 3 },
    );
    expect(cost.breakdown.map(b => b.monthlyUsd)).toEqual([1, 2, 0.0259]);
    expect(cost.monthlyUsd).toBe(3.0259);
  });

  it('splits a CMK shared by 10 tables', () => {
    const cost = estimateTableCost(
      { keyType: 'CUSTOMER_MANAGED', keyState: 'Enabled' },
      { tablesSharingKey: 10, rotationsCompleted: 1 },
    );
    expect(cost.breakdown.map(b => b.monthlyUsd)).toEqual([0.1, 0.1, 0.0259]);
    expect(cost.monthlyUsd).toBe(0.2259);
  });

  it('does not charge a key pending deletion', () => {
    expect(
      estimateTableCost(
        { keyType: 'CUSTOMER_MANAGED', keyState: 'PendingDeletion' },
        { rotationsCompleted: 2 },
      ).monthlyUsd,
    ).toBe(0);
  });

  it('credits the account free requests when it knows how many tables share them', () => {
    const cost = estimateTableCost(
      { keyType: 'AWS_MANAGED' },
      { accountKmsTables: 2 },
    );
    expect(cost.monthlyUsd).toBe(0);
    expect(
      estimateTableCost({ keyType: 'AWS_MANAGED' }, { accountKmsTables: 4 })
        .monthlyUsd,
    ).toBe(0.0109);
  });

  it('reproduces the seed’s $90 for 1M operations a day only as the labelled no-caching upper bound', () => {
    const cost = estimateTableCost(
      { keyType: 'CUSTOMER_MANAGED', keyState: 'Enabled' },
      { assumptions: { operationsPerDay: 1_000_000 } },
    );
    expect(cost.upperBoundWithoutCaching).toMatchObject({
      monthlyUsd: 90,
      operationsPerDay: 1_000_000,
    });
    expect(cost.upperBoundWithoutCaching?.label).toMatch(/Upper bound/);
    expect(cost.monthlyUsd).toBe(1.0259);
  });

  it('takes every price and assumption from its context', () => {
    const cost = estimateTableCost(
      { keyType: 'CUSTOMER_MANAGED', keyState: 'Enabled' },
      {
        pricing: { customerKeyMonthlyUsd: 2, requestsPer10kUsd: 0.1 },
        assumptions: { activeCallersPerTable: 10, activeHoursPerDay: 8 },
      },
    );
    expect(cost.breakdown.map(b => b.monthlyUsd)).toEqual([2, 0.288]);
    expect(cost.assumptions).toMatchObject({
      activeCallersPerTable: 10,
      customerKeyMonthlyUsd: 2,
    });
  });

  it('counts rotations from the key age', () => {
    expect(
      rotationsCompleted(
        '2024-01-01T00:00:00Z',
        365,
        new Date('2026-06-01T00:00:00Z'),
      ),
    ).toBe(2);
    expect(
      rotationsCompleted(
        '2026-01-01T00:00:00Z',
        90,
        new Date('2026-02-01T00:00:00Z'),
      ),
    ).toBe(0);
  });
});
