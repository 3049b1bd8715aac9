import { complianceOf, evaluateCompliance } from './compliance';
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
  it('gives the AWS owned key its findings, each with the controls it leaves short and a command to move to a CMK', () => {
    const { controls, findings } = evaluateCompliance(table, {
      keyType: 'AWS_OWNED',
      aliases: [],
    });
    expect(findings.map(f => f.id)).toEqual([
      'compliance-kms-encryption',
      'compliance-customer-managed-key',
      'compliance-key-rotation',
    ]);
    expect(findings[0].remediation).toBe(
      `aws dynamodb update-table --table-name 'orders'\\''x' --region 'us-east-1' --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer-managed-key-arn>`,
    );
    expect(findings[2].detail).toContain('PCI DSS v4.0.1 3.7.4');
    expect(findings.every(f => !/not met|meets/.test(f.title))).toBe(true);
    expect(controls.find(c => c.controlId === '3.7.4')).toMatchObject({
      framework: 'PCI DSS v4.0.1',
      result: 'evidence-missing',
    });
  });

  it('does not let an AWS managed key pass for a customer managed one', () => {
    const { findings } = evaluateCompliance(table, {
      keyType: 'AWS_MANAGED',
      aliases: ['alias/aws/dynamodb'],
      rotation: { enabled: true, managedByAws: true },
    });
    expect(findings.map(f => f.id)).toEqual([
      'compliance-customer-managed-key',
    ]);
  });

  it('asks to enable rotation on an unrotated CMK, and gives no finding where AWS refused to say', () => {
    const rotated: EncryptionFacts = {
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn,
      aliases: [],
      keyState: 'Enabled',
      rotation: { enabled: true },
    };
    expect(evaluateCompliance(table, rotated).findings).toEqual([]);
    expect(
      evaluateCompliance(table, { ...rotated, rotation: { enabled: false } })
        .findings,
    ).toEqual([
      expect.objectContaining({
        id: 'compliance-key-rotation',
        remediation: `aws kms enable-key-rotation --key-id '${kmsKeyArn}' --region 'us-east-1'`,
      }),
    ]);
    expect(
      evaluateCompliance(table, {
        ...rotated,
        rotation: undefined,
        undetermined: { reason: 'KMS refused', grant: [] },
      }).findings,
    ).toEqual([]);
    expect(
      evaluateCompliance(table, { keyType: 'UNKNOWN', aliases: [] }).findings,
    ).toEqual([]);
  });
});

describe('complianceOf', () => {
  const encryption: EncryptionFacts = {
    keyType: 'CUSTOMER_MANAGED',
    kmsKeyArn,
    aliases: [],
    keyState: 'Enabled',
    rotation: { enabled: false },
  };

  it('keeps the results the assessment attached', () => {
    const { controls } = evaluateCompliance(table, encryption);
    const attached = controls.map(c => ({ ...c, evidence: 'as stored' }));
    expect(complianceOf({ table, encryption, compliance: attached })).toEqual(
      attached,
    );
  });

  it('derives per-control results for a row stored with per-framework verdicts', () => {
    const legacy = [
      {
        framework: 'GDPR',
        passed: true,
        rules: [{ id: 'customer-managed-key', requirement: 'x', passed: true }],
      },
    ];
    const results = complianceOf({ table, encryption, compliance: legacy });
    expect(results).toEqual(evaluateCompliance(table, encryption).controls);
    expect(results.some(r => r.result === 'evidence-missing')).toBe(true);
    expect(complianceOf({ table, encryption })).toEqual(results);
  });
});
