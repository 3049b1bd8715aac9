import { evaluateControls } from './controlResults';
import {
  COMPLIANCE_CONTROLS,
  COMPLIANCE_FRAMEWORKS,
  ControlTopic,
} from './controls';
import { OBSERVED_KEY_TYPES } from './constants';
import type { EncryptionFacts } from './report';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const kmsKeyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

const resultsOf = (facts: EncryptionFacts) =>
  Object.fromEntries(evaluateControls(table, facts).map(r => [r.id, r.result]));

describe('COMPLIANCE_CONTROLS', () => {
  it('names each control once, by a framework it lists, with a published reference', () => {
    const ids = COMPLIANCE_CONTROLS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of COMPLIANCE_CONTROLS) {
      expect(COMPLIANCE_FRAMEWORKS).toContain(c.framework);
      expect(c.reference).toMatch(/^https:\/\//);
      expect(c.title.length).toBeGreaterThan(0);
    }
  });

  it('lets no control but a key-type rule find evidence in the key type alone', () => {
    const passedOnKeyType = OBSERVED_KEY_TYPES.flatMap(keyType =>
      evaluateControls(table, { keyType, aliases: [] })
        .filter(r => r.result === 'evidence-present')
        .filter(r => {
          const control = COMPLIANCE_CONTROLS.find(c => c.id === r.id)!;
          // The AWS owned key has nothing beyond its type to read: DynamoDB's encryption at rest is all there is.
          return !(
            control.keyTypeOnly ||
            (keyType === 'AWS_OWNED' && control.topic === 'encryption-at-rest')
          );
        })
        .map(r => `${keyType} ${r.id}`),
    );
    expect(passedOnKeyType).toEqual([]);
  });

  it('finds no rotation or key-access evidence for a usable CMK whose rotation and policy were not read', () => {
    const facts: EncryptionFacts = {
      keyType: 'CUSTOMER_MANAGED',
      sseStatus: 'ENABLED',
      sseType: 'KMS',
      kmsKeyArn,
      aliases: ['alias/orders-data'],
      keyState: 'Enabled',
    };
    const guarded: ControlTopic[] = [
      'rotation',
      'key-access',
      'key-management',
    ];
    const results = evaluateControls(table, facts);
    const checked = results.filter(r =>
      guarded.includes(COMPLIANCE_CONTROLS.find(c => c.id === r.id)!.topic),
    );
    expect(checked.length).toBeGreaterThanOrEqual(6);
    for (const r of checked) {
      expect({ id: r.id, result: r.result }).toEqual({
        id: r.id,
        result: 'unknown',
      });
    }
  });

  it('gives "orders" (rotated CMK, policy deferring to IAM) rotation evidence but leaves key access unknown', () => {
    const results = resultsOf({
      keyType: 'CUSTOMER_MANAGED',
      sseStatus: 'ENABLED',
      sseType: 'KMS',
      kmsKeyArn,
      aliases: ['alias/orders-data'],
      keyState: 'Enabled',
      rotation: { enabled: true, periodDays: 365 },
      keyPolicy: {
        verdict: 'undetermined',
        reason: 'The key policy delegates to IAM',
      },
    });
    expect(results).toEqual({
      'hipaa-164.312-a-2-iv': 'evidence-present',
      'hipaa-164.312-e-2-ii': 'unknown',
      'pci-dss-3.5.1': 'unknown',
      'pci-dss-3.6.1': 'unknown',
      'pci-dss-3.7.4': 'evidence-present',
      'nist-800-53-sc-12': 'unknown',
      'nist-800-53-sc-28-1': 'evidence-present',
      'gdpr-art-32-1-a': 'evidence-present',
      'cis-aws-3.0.0-3.6': 'evidence-present',
      'aws-config-dynamodb-table-encrypted-kms': 'evidence-present',
      'aws-config-cmk-backing-key-rotation-enabled': 'evidence-present',
      'aws-config-kms-cmk-not-scheduled-for-deletion': 'evidence-present',
      'aws-security-hub-kms-3': 'evidence-present',
      'aws-security-hub-kms-4': 'evidence-present',
      'aws-security-hub-kms-5': 'unknown',
    });
  });

  it('lists controls on customer managed keys only for tables that may have one', () => {
    const owned = resultsOf({ keyType: 'AWS_OWNED', aliases: [] });
    expect(owned['aws-security-hub-kms-4']).toBeUndefined();
    expect(owned['aws-security-hub-kms-3']).toBeUndefined();
    expect(owned['pci-dss-3.7.4']).toBe('evidence-missing');
    expect(owned['aws-config-dynamodb-table-encrypted-kms']).toBe(
      'evidence-missing',
    );
    const managed = resultsOf({
      keyType: 'AWS_MANAGED',
      aliases: ['alias/aws/dynamodb'],
      keyState: 'Enabled',
      rotation: { enabled: true, periodDays: 365, managedByAws: true },
    });
    expect(managed['aws-security-hub-kms-4']).toBeUndefined();
    expect(managed['aws-security-hub-kms-3']).toBe('evidence-present');
    expect(managed['pci-dss-3.7.4']).toBe('evidence-present');
    expect(managed['pci-dss-3.6.1']).toBe('unknown');
    expect(resultsOf({ keyType: 'UNKNOWN', aliases: [] })).toMatchObject({
      'aws-security-hub-kms-4': 'unknown',
      'aws-security-hub-kms-5': 'unknown',
    });
  });
});
