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
});
