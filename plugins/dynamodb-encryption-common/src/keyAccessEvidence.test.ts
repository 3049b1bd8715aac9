import { keyAccessEvidence, publicAccessEvidence } from './keyAccessEvidence';
import type { KeyUseEntry } from './keyPrincipals';
import type { EncryptionFacts } from './report';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const kmsKeyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
const cmk: EncryptionFacts = {
  keyType: 'CUSTOMER_MANAGED',
  kmsKeyArn,
  aliases: ['alias/orders-data'],
  keyState: 'Enabled',
  keyPolicy: { verdict: 'allowed', reason: 'A statement allows DynamoDB' },
};
const role: KeyUseEntry = {
  principal: 'arn:aws:iam::111111111111:role/orders-app',
  kind: 'iam-principal',
  accountId: '111111111111',
  actions: ['kms:Decrypt'],
  conditions: [],
  narrowed: false,
  source: 'AllowApp',
  sourceType: 'policy',
  status: 'allowed',
};
const root: KeyUseEntry = {
  ...role,
  principal: 'arn:aws:iam::111111111111:root',
  kind: 'account',
  source: 'EnableIAM',
};
const anyone: KeyUseEntry = {
  ...role,
  principal: '*',
  kind: 'any-principal',
  accountId: undefined,
  source: 'Open',
};

const run = (encryption: EncryptionFacts) => ({
  access: keyAccessEvidence({ table, encryption }),
  public: publicAccessEvidence({ table, encryption }),
});

describe('key access evidence', () => {
  it('is unknown without a key-use analysis: the policy not read, or read only for DynamoDB', () => {
    expect(run({ ...cmk, keyPolicy: undefined }).access).toEqual({
      result: 'unknown',
      evidence:
        'The key policy was not read: who may use the key cannot be shown',
    });
    expect(
      run({
        ...cmk,
        keyPolicy: undefined,
        undetermined: {
          reason: 'KMS refused kms:GetKeyPolicy',
          grant: [
            {
              actions: ['kms:GetKeyPolicy'],
              resource: kmsKeyArn,
              accountId: '111111111111',
            },
          ],
        },
      }).access.evidence,
    ).toContain('(GetKeyPolicy was refused)');
    expect(
      run({
        ...cmk,
        keyPolicy: {
          verdict: 'undetermined',
          reason: 'The key policy delegates to IAM',
        },
      }).access,
    ).toEqual({
      result: 'unknown',
      evidence:
        'The key policy delegates to IAM: IAM policies, which the portal does not read, decide who may use the key',
    });
    expect(run(cmk).access.result).toBe('unknown');
    expect(run(cmk).public.result).toBe('unknown');
  });

  it('leaves the AWS managed key unknown and the AWS owned key without evidence', () => {
    expect(
      run({
        keyType: 'AWS_MANAGED',
        aliases: ['alias/aws/dynamodb'],
        keyState: 'Enabled',
      }).access.result,
    ).toBe('unknown');
    expect(run({ keyType: 'AWS_OWNED', aliases: [] }).access.result).toBe(
      'evidence-missing',
    );
  });

  it('finds named principals, defers whole accounts to IAM, and misses a key open to anyone', () => {
    const named = run({
      ...cmk,
      keyUse: { entries: [role], undetermined: [] },
    });
    expect(named.access).toEqual({
      result: 'evidence-present',
      evidence:
        'The key policy and grants name every principal that may use the key: arn:aws:iam::111111111111:role/orders-app',
    });
    expect(named.public.result).toBe('evidence-present');

    const delegated = run({
      ...cmk,
      keyUse: { entries: [role, root], undetermined: [] },
    });
    expect(delegated.access).toEqual({
      result: 'unknown',
      evidence: expect.stringContaining(
        'arn:aws:iam::111111111111:root in EnableIAM',
      ),
    });
    expect(delegated.public.result).toBe('evidence-present');

    const open = run({
      ...cmk,
      keyUse: { entries: [role, anyone], undetermined: [] },
    });
    expect(open.access).toEqual({
      result: 'evidence-missing',
      evidence:
        'Any AWS principal may use the key, no condition narrowing who (Open)',
    });
    expect(open.public.result).toBe('evidence-missing');
    // Narrowed to an account, "any principal" is that account's IAM to decide, not the public.
    const narrowed = run({
      ...cmk,
      keyUse: {
        entries: [
          { ...anyone, narrowed: true, conditionAccountIds: ['111111111111'] },
        ],
        undetermined: [],
      },
    });
    expect(narrowed.access.result).toBe('unknown');
    expect(narrowed.public.result).toBe('evidence-present');
  });

  it('is unknown while the analysis is incomplete (grants not read, a statement not understood)', () => {
    const partial = run({
      ...cmk,
      keyUse: {
        entries: [role],
        undetermined: ['the key’s grants were not read'],
      },
    });
    expect(partial.access).toEqual({
      result: 'unknown',
      evidence:
        'Who may use the key is not fully known: the key’s grants were not read',
    });
    expect(partial.public.result).toBe('unknown');
    const odd = run({
      ...cmk,
      keyUse: {
        entries: [
          {
            ...role,
            status: 'undetermined',
            reason: 'NotPrincipal with a wildcard',
          },
        ],
        undetermined: [],
      },
    });
    expect(odd.access.evidence).toContain(
      'AllowApp: NotPrincipal with a wildcard',
    );
  });
});
