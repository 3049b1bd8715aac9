import { encryptionDrift } from './drift';
import type { EncryptionFacts } from './report';

const keyId = '12345678-1234-1234-1234-123456789012';
const kmsKeyArn = `arn:aws:kms:us-east-1:111111111111:key/${keyId}`;
const cmk: EncryptionFacts = {
  keyType: 'CUSTOMER_MANAGED',
  kmsKeyArn,
  kmsKeyId: keyId,
  aliases: ['alias/orders'],
  keyState: 'Enabled',
};

describe('encryptionDrift', () => {
  it('finds nothing when the manifest names the key that protects the table by its ARN', () => {
    expect(
      encryptionDrift(
        { enabled: true, sseType: 'KMS', kmsKeyId: kmsKeyArn },
        cmk,
      ),
    ).toEqual([]);
    expect(
      encryptionDrift(
        { enabled: true, sseType: 'AES256' },
        { keyType: 'AWS_OWNED', aliases: [] },
      ),
    ).toEqual([]);
  });

  it('reports a different key type', () => {
    expect(encryptionDrift({ enabled: true, sseType: 'AES256' }, cmk)).toEqual([
      {
        field: 'keyType',
        desired: 'AWS_OWNED',
        actual: 'CUSTOMER_MANAGED',
        message:
          'The manifest asks for the AWS owned key; AWS reports the Customer managed key',
      },
    ]);
  });

  it('reports a different key', () => {
    const [item] = encryptionDrift(
      { enabled: true, sseType: 'KMS', kmsKeyId: 'alias/payments' },
      cmk,
    );
    expect(item).toMatchObject({
      field: 'kmsKeyId',
      desired: 'alias/payments',
      actual: kmsKeyArn,
    });
    expect(item.message).toMatch(/different key/);
  });

  it.each([
    'alias/orders',
    'arn:aws:kms:us-east-1:111111111111:alias/orders',
    keyId,
  ])(
    'flags the right key named as %s, which the ACK controller needs as an ARN',
    ref => {
      const [item] = encryptionDrift(
        { enabled: true, sseType: 'KMS', kmsKeyId: ref },
        cmk,
      );
      expect(item.message).toContain(`needs the key ARN (${kmsKeyArn})`);
    },
  );
});
