import { analyzeKeyUse, KEY_USE_ACTIONS, KmsGrantLike } from './keyPrincipals';
import { keyUseFindings } from './keyUseFindings';

const KEY_ACCOUNT = '111122223333';
const OTHER = '444455556666';
const keyArn = `arn:aws:kms:us-east-1:${KEY_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ALL = [...KEY_USE_ACTIONS];
const policy = (...Statement: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (s: object) => ({ Effect: 'Allow', Resource: '*', ...s });

interface Case {
  name: string;
  statements?: object[];
  grants?: KmsGrantLike[];
  trustedAccounts?: string[];
  /** The entries, worked out by hand from the IAM policy language. */
  entries: object[];
  /** Finding id → severity. */
  findings: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'any principal ("*"), no condition',
    statements: [allow({ Sid: 'Open', Principal: '*', Action: 'kms:Decrypt' })],
    entries: [
      {
        principal: '*',
        kind: 'any-principal',
        actions: ['kms:Decrypt'],
        narrowed: false,
        conditions: [],
        source: 'Open',
        status: 'allowed',
      },
    ],
    findings: { 'key-any-principal': 'critical' },
  },
  {
    name: 'any principal ({"AWS": "*"}) with kms:*, no condition',
    statements: [allow({ Principal: { AWS: '*' }, Action: 'kms:*' })],
    entries: [
      {
        principal: '*',
        kind: 'any-principal',
        actions: ALL,
        narrowed: false,
        source: 'statement 1',
      },
    ],
    findings: { 'key-any-principal': 'critical' },
  },
  {
    name: 'any principal narrowed by kms:CallerAccount and kms:ViaService (the AWS managed key policy)',
    statements: [
      allow({
        Sid: 'ViaDynamoDB',
        Principal: { AWS: '*' },
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        Condition: {
          StringEquals: {
            'kms:CallerAccount': KEY_ACCOUNT,
            'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com',
          },
        },
      }),
    ],
    entries: [
      {
        principal: '*',
        kind: 'any-principal',
        actions: ALL,
        narrowed: true,
        conditionAccountIds: [KEY_ACCOUNT],
        conditions: [
          `kms:CallerAccount is ${KEY_ACCOUNT}`,
          'kms:ViaService is dynamodb.us-east-1.amazonaws.com',
        ],
        source: 'ViaDynamoDB',
      },
    ],
    findings: {},
  },
  {
    name: 'any principal narrowed by kms:CallerAccount to another account',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:CallerAccount': OTHER } },
      }),
    ],
    entries: [
      { kind: 'any-principal', narrowed: true, conditionAccountIds: [OTHER] },
    ],
    findings: { 'key-other-account': 'high' },
  },
  {
    name: 'any principal narrowed by aws:PrincipalOrgID',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      }),
    ],
    entries: [
      {
        kind: 'any-principal',
        narrowed: true,
        conditions: ['aws:PrincipalOrgID is o-abc123'],
        status: 'allowed',
      },
    ],
    findings: {},
  },
  {
    name: "another account's root",
    statements: [
      allow({
        Sid: 'Partner',
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: ['kms:Decrypt'],
      }),
    ],
    entries: [
      {
        principal: `arn:aws:iam::${OTHER}:root`,
        kind: 'account',
        accountId: OTHER,
        actions: ['kms:Decrypt'],
        source: 'Partner',
      },
    ],
    findings: { 'key-other-account': 'high' },
  },
  {
    name: "another account's root, trusted in config",
    statements: [allow({ Principal: { AWS: OTHER }, Action: ['kms:Decrypt'] })],
    trustedAccounts: [OTHER],
    entries: [{ principal: OTHER, kind: 'account', accountId: OTHER }],
    findings: {},
  },
  {
    name: "another account's role",
    statements: [
      allow({
        Principal: { AWS: [`arn:aws:iam::${OTHER}:role/reader`] },
        Action: 'kms:Decrypt',
      }),
    ],
    entries: [
      {
        principal: `arn:aws:iam::${OTHER}:role/reader`,
        kind: 'iam-principal',
        accountId: OTHER,
      },
    ],
    findings: { 'key-other-account': 'high' },
  },
  {
    name: 'NotPrincipal with Allow: everyone but the one named',
    statements: [
      allow({
        NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: 'kms:Decrypt',
      }),
    ],
    entries: [
      {
        principal: `everyone except arn:aws:iam::${OTHER}:root`,
        kind: 'any-principal',
        narrowed: false,
        actions: ['kms:Decrypt'],
      },
    ],
    findings: { 'key-any-principal': 'critical' },
  },
  {
    name: 'NotAction: everything but encryption still lets CreateGrant through',
    statements: [
      allow({
        Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:role/admin` },
        NotAction: [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
        ],
      }),
    ],
    entries: [
      {
        kind: 'iam-principal',
        accountId: KEY_ACCOUNT,
        actions: ['kms:CreateGrant'],
      },
    ],
    findings: {},
  },
  {
    name: 'an explicit Deny removes the Allow it covers',
    statements: [
      allow({
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: 'kms:*',
      }),
      {
        Effect: 'Deny',
        Principal: { AWS: OTHER },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
    entries: [],
    findings: {},
  },
  {
    name: 'an explicit Deny of Decrypt leaves the rest of an Allow',
    statements: [
      allow({ Principal: '*', Action: ['kms:Decrypt', 'kms:Encrypt'] }),
      { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    ],
    entries: [{ principal: '*', actions: ['kms:Encrypt'], narrowed: false }],
    findings: { 'key-any-principal': 'critical' },
  },
  {
    name: 'a Deny outside the organization narrows an Allow to any principal',
    statements: [
      allow({ Principal: '*', Action: 'kms:Decrypt' }),
      {
        Sid: 'OrgOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ],
    entries: [
      {
        principal: '*',
        narrowed: true,
        conditions: ['only when aws:PrincipalOrgID is o-abc123 (Deny OrgOnly)'],
      },
    ],
    findings: {},
  },
  {
    name: 'a Deny with NotPrincipal leaves an Allow to any principal to the principals it spares',
    statements: [
      allow({ Principal: '*', Action: 'kms:Decrypt' }),
      {
        Sid: 'OnlyHome',
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
    entries: [
      {
        principal: '*',
        narrowed: true,
        conditionAccountIds: [KEY_ACCOUNT],
        conditions: [`only arn:aws:iam::${KEY_ACCOUNT}:root (Deny OnlyHome)`],
      },
    ],
    findings: {},
  },
  {
    name: 'a Deny of one role keeps its account allowed, with the exception said',
    statements: [
      allow({ Principal: { AWS: OTHER }, Action: 'kms:Decrypt' }),
      {
        Sid: 'NotTheRole',
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${OTHER}:role/x` },
        Action: 'kms:Decrypt',
        Resource: '*',
      },
    ],
    entries: [
      {
        principal: OTHER,
        kind: 'account',
        conditions: [
          `not arn:aws:iam::${OTHER}:role/x (Deny NotTheRole, does not narrow who)`,
        ],
      },
    ],
    findings: { 'key-other-account': 'high' },
  },
  {
    name: 'StringEqualsIfExists on aws:PrincipalOrgID does not narrow (principals outside any organization lack the key)',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:Decrypt',
        Condition: {
          StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' },
        },
      }),
    ],
    entries: [
      {
        narrowed: false,
        conditions: [
          'aws:PrincipalOrgID is o-abc123 (when present) (does not narrow who)',
        ],
      },
    ],
    findings: { 'key-any-principal': 'critical' },
  },
  {
    name: 'StringEqualsIfExists on kms:CallerAccount narrows (every request carries it)',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:Decrypt',
        Condition: {
          StringEqualsIfExists: { 'kms:CallerAccount': KEY_ACCOUNT },
        },
      }),
    ],
    entries: [{ narrowed: true, conditionAccountIds: [KEY_ACCOUNT] }],
    findings: {},
  },
  {
    name: 'ForAnyValue:StringLike on aws:PrincipalOrgPaths narrows',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:Decrypt',
        Condition: {
          'ForAnyValue:StringLike': {
            'aws:PrincipalOrgPaths': ['o-abc123/r-ab12/ou-ab12-11111111/*'],
          },
        },
      }),
    ],
    entries: [
      {
        narrowed: true,
        conditions: [
          'any of aws:PrincipalOrgPaths matches o-abc123/r-ab12/ou-ab12-11111111/*',
        ],
      },
    ],
    findings: {},
  },
  {
    name: 'ForAllValues:StringLike on aws:PrincipalOrgPaths does not narrow (true when the key is missing)',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:Decrypt',
        Condition: {
          'ForAllValues:StringLike': {
            'aws:PrincipalOrgPaths': ['o-abc123/*'],
          },
        },
      }),
    ],
    entries: [{ narrowed: false }],
    findings: { 'key-any-principal': 'critical' },
  },
  {
    name: 'a service principal',
    statements: [
      allow({
        Principal: { Service: 'logs.us-east-1.amazonaws.com' },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'],
      }),
    ],
    entries: [
      {
        principal: 'logs.us-east-1.amazonaws.com',
        kind: 'service',
        actions: [
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:GenerateDataKeyPair',
          'kms:GenerateDataKeyPairWithoutPlaintext',
        ],
      },
    ],
    findings: {},
  },
  {
    name: 'a condition key the analysis does not know: undetermined, neither allowed nor denied',
    statements: [
      allow({
        Principal: '*',
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:FutureKey': 'x' } },
      }),
    ],
    entries: [
      {
        principal: '*',
        status: 'undetermined',
        reason: expect.stringContaining('kms:FutureKey'),
      },
    ],
    findings: { 'key-use-undetermined': 'low' },
  },
  {
    name: "the key's own account root with kms:* (delegation to IAM)",
    statements: [
      allow({
        Sid: 'Enable IAM User Permissions',
        Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` },
        Action: 'kms:*',
      }),
    ],
    entries: [{ kind: 'account', accountId: KEY_ACCOUNT, actions: ALL }],
    findings: { 'key-delegated-to-iam': 'info' },
  },
  {
    name: 'a grant to another account',
    statements: [],
    grants: [
      {
        GrantId: 'g-other',
        KeyId: keyArn,
        GranteePrincipal: `arn:aws:iam::${OTHER}:role/app`,
        Operations: ['Decrypt', 'GenerateDataKey', 'DescribeKey'],
      },
    ],
    entries: [
      {
        principal: `arn:aws:iam::${OTHER}:role/app`,
        kind: 'iam-principal',
        accountId: OTHER,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        source: 'grant g-other',
        sourceType: 'grant',
      },
    ],
    findings: { 'key-grant-other-account': 'high' },
  },
  {
    name: 'a grant in the same account, with an encryption context constraint',
    statements: [],
    grants: [
      {
        GrantId: 'g-home',
        GranteePrincipal: `arn:aws:iam::${KEY_ACCOUNT}:role/app`,
        Operations: ['Decrypt'],
        Constraints: {
          EncryptionContextSubset: { 'aws:dynamodb:tableName': 'orders' },
        },
      },
    ],
    entries: [
      {
        accountId: KEY_ACCOUNT,
        conditions: [
          'encryption context includes aws:dynamodb:tableName=orders',
        ],
        source: 'grant g-home',
      },
    ],
    findings: {},
  },
];

describe('analyzeKeyUse and keyUseFindings', () => {
  it.each(cases)('$name', c => {
    const analysis = analyzeKeyUse({
      policy: policy(...(c.statements ?? [])),
      grants: c.grants ?? [],
      keyArn,
    });
    expect(analysis.entries).toEqual(
      c.entries.map(e => expect.objectContaining(e)),
    );
    const findings = keyUseFindings(analysis, {
      keyAccountId: KEY_ACCOUNT,
      tableAccountId: KEY_ACCOUNT,
      trustedAccounts: c.trustedAccounts,
    });
    expect(Object.fromEntries(findings.map(f => [f.id, f.severity]))).toEqual(
      c.findings,
    );
  });

  it('says what was not read instead of taking it as empty', () => {
    expect(analyzeKeyUse({ keyArn }).undetermined).toEqual([
      'the key’s grants were not read',
      'the key policy was not read',
    ]);
    const unreadable = analyzeKeyUse({
      policy: 'not json',
      grants: [],
      keyArn,
    });
    expect(unreadable.undetermined).toEqual([
      'the key policy is not valid JSON',
    ]);
    expect(
      keyUseFindings(unreadable, { keyAccountId: KEY_ACCOUNT }).map(f => f.id),
    ).toEqual(['key-use-undetermined']);
  });

  it('ignores statements about other resources, and a principal wildcard inside an ARN is not a principal', () => {
    const analysis = analyzeKeyUse({
      policy: policy(
        allow({
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: 'arn:aws:kms:us-east-1:111122223333:key/other',
        }),
        allow({
          Principal: { AWS: `arn:aws:iam::${OTHER}:role/*` },
          Action: 'kms:Decrypt',
        }),
      ),
      grants: [],
      keyArn,
    });
    expect(analysis.entries).toEqual([
      expect.objectContaining({
        status: 'undetermined',
        reason: expect.stringContaining('wildcard'),
      }),
    ]);
  });
});
