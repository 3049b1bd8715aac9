import { analyzeKeyPolicy } from './keyPolicy';

const policy = (...Statement: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });
const dynamoDbStatement = (operator: string, value: string) => ({
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: [
    'kms:Decrypt',
    'kms:GenerateDataKey*',
    'kms:CreateGrant',
    'kms:DescribeKey',
  ],
  Resource: '*',
  Condition: { [operator]: { 'kms:ViaService': value } },
});
const root = {
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:root' },
  Action: 'kms:*',
  Resource: '*',
};

describe('analyzeKeyPolicy', () => {
  it('allows DynamoDB in the region through kms:ViaService', () => {
    expect(
      analyzeKeyPolicy(
        policy(
          dynamoDbStatement('StringEquals', 'dynamodb.us-east-1.amazonaws.com'),
        ),
        'us-east-1',
      ).verdict,
    ).toBe('allowed');
    expect(
      analyzeKeyPolicy(
        policy(dynamoDbStatement('StringLike', 'dynamodb.*.amazonaws.com')),
        'eu-west-1',
      ).verdict,
    ).toBe('allowed');
  });

  it('does not count another region', () => {
    expect(
      analyzeKeyPolicy(
        policy(
          dynamoDbStatement('StringEquals', 'dynamodb.us-east-1.amazonaws.com'),
        ),
        'eu-west-1',
      ).verdict,
    ).toBe('not-allowed');
  });

  it('calls a root kms:* delegation undetermined from the key policy alone', () => {
    expect(analyzeKeyPolicy(policy(root), 'us-east-1')).toMatchObject({
      verdict: 'undetermined',
      reason: expect.stringMatching(/IAM/),
    });
  });

  it('needs every action DynamoDB uses', () => {
    const partial = {
      ...dynamoDbStatement('StringEquals', 'dynamodb.us-east-1.amazonaws.com'),
      Action: ['kms:Decrypt'],
    };
    expect(analyzeKeyPolicy(policy(partial), 'us-east-1').verdict).toBe(
      'not-allowed',
    );
  });

  it('survives a policy it cannot parse', () => {
    expect(analyzeKeyPolicy('not json', 'us-east-1').verdict).toBe(
      'undetermined',
    );
  });

  describe('with the key and caller accounts known', () => {
    const home = {
      keyAccountId: '111111111111',
      callerAccountId: '111111111111',
    };
    const statement = (s: object) => ({ Effect: 'Allow', Resource: '*', ...s });
    it.each([
      {
        name: 'any principal, no condition: DynamoDB included',
        statements: [statement({ Principal: '*', Action: 'kms:*' })],
        verdict: 'allowed',
      },
      {
        name: 'any principal in the organization: depends on the caller',
        statements: [
          statement({
            Principal: { AWS: '*' },
            Action: 'kms:*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
          }),
        ],
        verdict: 'undetermined',
      },
      {
        name: 'the AWS managed key policy (kms:CallerAccount and kms:ViaService)',
        statements: [
          statement({
            Principal: { AWS: '*' },
            Action: ['kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey'],
            Condition: {
              StringEquals: {
                'kms:CallerAccount': '111111111111',
                'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com',
              },
            },
          }),
        ],
        verdict: 'allowed',
      },
      {
        name: 'the same for another caller account',
        statements: [
          statement({
            Principal: { AWS: '*' },
            Action: ['kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey'],
            Condition: {
              StringEquals: {
                'kms:CallerAccount': '222222222222',
                'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com',
              },
            },
          }),
        ],
        verdict: 'not-allowed',
      },
      {
        name: "another account's root is not a delegation for this table",
        statements: [
          statement({
            Principal: { AWS: 'arn:aws:iam::222222222222:root' },
            Action: 'kms:*',
          }),
        ],
        verdict: 'not-allowed',
      },
      {
        name: 'any principal, the actions DynamoDB needs split over two statements',
        statements: [
          statement({ Principal: '*', Action: 'kms:Decrypt' }),
          statement({
            Principal: '*',
            Action: ['kms:CreateGrant', 'kms:DescribeKey'],
          }),
        ],
        verdict: 'allowed',
      },
      {
        name: 'any principal may only Decrypt, and nothing else allows the rest',
        statements: [statement({ Principal: '*', Action: 'kms:Decrypt' })],
        verdict: 'not-allowed',
      },
      {
        name: 'an explicit Deny of Decrypt overrides any Allow',
        statements: [
          statement({ Principal: '*', Action: 'kms:*' }),
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
          },
        ],
        verdict: 'not-allowed',
      },
    ])('$name: $verdict', ({ statements, verdict }) => {
      expect(
        analyzeKeyPolicy(policy(...statements), 'us-east-1', home).verdict,
      ).toBe(verdict);
    });
  });
});
