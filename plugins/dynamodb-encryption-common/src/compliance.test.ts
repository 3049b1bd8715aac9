import { evaluateCompliance } from './compliance';
import type { EncryptionFacts } from './report';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: "orders'x",
  accountId: '111111111111',
  region: 'us-east-1',
};
const kmsKeyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

describe('evaluateCompliance', () => {
  it('fails every framework for the AWS owned key, with a command that moves to a CMK', () => {
    const { frameworks, findings } = evaluateCompliance(table, {
      keyType: 'AWS_OWNED',
      aliases: [],
    });
    expect(frameworks.map(f => [f.framework, f.passed])).toEqual([
      ['HIPAA', false],
      ['PCI-DSS', false],
      ['GDPR', false],
    ]);
    expect(findings.map(f => f.id)).toEqual([
      'compliance-kms-encryption',
      'compliance-customer-managed-key',
      'compliance-key-rotation',
    ]);
    expect(findings[0].remediation).toBe(
      `aws dynamodb update-table --table-name 'orders'\\''x' --region 'us-east-1' --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer-managed-key-arn>`,
    );
  });

  it('does not let an AWS managed key pass a customer managed key requirement', () => {
    const { frameworks, findings } = evaluateCompliance(table, {
      keyType: 'AWS_MANAGED',
      aliases: ['alias/aws/dynamodb'],
      rotation: { enabled: true, managedByAws: true },
    });
    expect(findings.map(f => f.id)).toEqual([
      'compliance-customer-managed-key',
    ]);
    expect(frameworks.every(f => !f.passed)).toBe(true);
  });

  it('passes everything for a rotated CMK, and asks to enable rotation otherwise', () => {
    const rotated: EncryptionFacts = {
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn,
      aliases: [],
      keyState: 'Enabled',
      rotation: { enabled: true },
    };
    expect(
      evaluateCompliance(table, rotated).frameworks.every(f => f.passed),
    ).toBe(true);
    const { findings } = evaluateCompliance(table, {
      ...rotated,
      rotation: { enabled: false },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        id: 'compliance-key-rotation',
        remediation: `aws kms enable-key-rotation --key-id '${kmsKeyArn}' --region 'us-east-1'`,
      }),
    ]);
  });
});
