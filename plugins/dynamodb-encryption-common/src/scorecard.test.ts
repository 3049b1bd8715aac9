import { assessTable } from './assessment';
import { dependentScorecardFacts, tableScorecardFacts } from './scorecard';

const table = {
  arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'eu-west-1',
};
const keyArn =
  'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function cmk(state: string, rotating: boolean) {
  return assessTable({
    table,
    sse: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: keyArn },
    key: {
      Arn: keyArn,
      KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      KeyManager: 'CUSTOMER',
      KeyState: state,
      KeySpec: 'SYMMETRIC_DEFAULT',
    },
    aliases: [],
    rotation: { KeyRotationEnabled: rotating },
  });
}

describe('tableScorecardFacts', () => {
  it('reads a rotated, enabled customer managed key from the assessment', () => {
    const facts = tableScorecardFacts(cmk('Enabled', true), []);
    expect(facts).toEqual({
      tables: 1,
      keyType: 'CUSTOMER_MANAGED',
      keyState: 'Enabled',
      customerManagedKey: true,
      rotationEnabled: true,
      monthlyCostUsd: expect.any(Number),
      criticalOrHighFindings: 0,
      driftPresent: false,
    });
    expect(facts.monthlyCostUsd).toBeGreaterThan(0);
  });

  it('counts the critical finding of a disabled key and reports drift', () => {
    const row = cmk('Disabled', false);
    const facts = tableScorecardFacts(row, [
      { field: 'keyType', desired: 'x', actual: 'y', message: 'm' },
    ]);
    expect(facts.criticalOrHighFindings).toBe(
      row.findings.filter(f => ['critical', 'high'].includes(f.severity))
        .length,
    );
    expect(facts.criticalOrHighFindings).toBeGreaterThan(0);
    expect(facts.rotationEnabled).toBe(false);
    expect(facts.driftPresent).toBe(true);
  });

  it('publishes nothing it cannot know: no rotation, no key state, no drift for the AWS owned key without a manifest', () => {
    const facts = tableScorecardFacts(assessTable({ table, aliases: [] }));
    expect(facts.keyType).toBe('AWS_OWNED');
    expect(facts.customerManagedKey).toBe(false);
    expect(facts).not.toHaveProperty('rotationEnabled');
    expect(facts).not.toHaveProperty('keyState');
    expect(facts).not.toHaveProperty('driftPresent');
  });
});

describe('dependentScorecardFacts', () => {
  const good = tableScorecardFacts(cmk('Enabled', true), []);
  const bad = tableScorecardFacts(cmk('Disabled', false), [
    { field: 'keyType', desired: 'x', actual: 'y', message: 'm' },
  ]);

  it('passes only when every table does', () => {
    expect(dependentScorecardFacts([good, good])).toMatchObject({
      tables: 2,
      customerManagedKey: true,
      rotationEnabled: true,
      criticalOrHighFindings: 0,
      driftPresent: false,
    });
    const mixed = dependentScorecardFacts([good, bad]);
    expect(mixed).toMatchObject({
      tables: 2,
      rotationEnabled: false,
      driftPresent: true,
    });
    expect(mixed.criticalOrHighFindings).toBe(bad.criticalOrHighFindings);
    expect(mixed.monthlyCostUsd).toBeCloseTo(
      good.monthlyCostUsd! + bad.monthlyCostUsd!,
      4,
    );
    expect(mixed).not.toHaveProperty('keyType');
  });

  it('leaves a fact out when one table does not know it', () => {
    const { driftPresent, ...unknownDrift } = good;
    const owned = tableScorecardFacts(assessTable({ table, aliases: [] }));
    const facts = dependentScorecardFacts([good, unknownDrift, owned]);
    expect(driftPresent).toBe(false);
    expect(facts).not.toHaveProperty('driftPresent');
    expect(facts).not.toHaveProperty('rotationEnabled');
    expect(facts.customerManagedKey).toBe(false);
  });
});
