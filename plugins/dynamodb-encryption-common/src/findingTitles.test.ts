import { evaluateCompliance } from './compliance';
import { keyFindings } from './findings';
import { findingShortTitle } from './findingTitles';
import { evaluatePolicies, UNOWNED_FINDING } from './policies';

describe('findingShortTitle', () => {
  const table = {
    arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/t',
    name: 't',
    accountId: '111111111111',
    region: 'us-east-1',
  };

  it('gives every finding the domain produces a title of at most four words', () => {
    const findings = [
      ...keyFindings(table, {
        keyType: 'CUSTOMER_MANAGED',
        aliases: [],
        keyState: 'Disabled',
        inaccessibleSince: '2026-11-01T00:00:00.000Z',
        keyPolicy: { verdict: 'not-allowed', reason: 'denied' },
      }),
      ...keyFindings(table, {
        keyType: 'CUSTOMER_MANAGED',
        aliases: [],
        keyState: 'PendingDeletion',
        keyPolicy: { verdict: 'undetermined', reason: 'unclear' },
      }),
      ...keyFindings(table, { keyType: 'AWS_OWNED', aliases: [] }),
      ...evaluateCompliance(table, { keyType: 'AWS_OWNED', aliases: [] })
        .findings,
      UNOWNED_FINDING,
    ];
    expect(findings.length).toBeGreaterThanOrEqual(10);
    for (const f of findings) {
      const short = findingShortTitle(f);
      expect({ id: f.id, words: short.split(' ').length <= 4 }).toEqual({
        id: f.id,
        words: true,
      });
      expect(short).not.toBe(f.title);
    }
  });

  it('names a broken fleet policy by its id, and prefers a finding own short title', () => {
    const [policy] = evaluatePolicies(
      [
        {
          id: 'prod-cmk',
          title: 'Production tables need a customer managed key',
          severity: 'high',
          require: { keyTypes: ['CUSTOMER_MANAGED'] },
        },
      ],
      {
        table,
        encryption: { keyType: 'AWS_OWNED', aliases: [] },
      },
    );
    expect(findingShortTitle(policy)).toBe('Policy prod-cmk');
    expect(findingShortTitle({ ...policy, shortTitle: 'Needs a CMK' })).toBe(
      'Needs a CMK',
    );
    expect(
      findingShortTitle({
        id: 'new-kind',
        severity: 'low',
        title: 'Something new',
      }),
    ).toBe('Something new');
  });
});
