import {
  encryptionTraitFor,
  expectedKeyType,
  sseSpecificationFor,
  validateEncryptionTrait,
} from './trait';

const keyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

describe('validateEncryptionTrait', () => {
  it('applies the seed defaults', () => {
    expect(validateEncryptionTrait({})).toEqual({
      ok: true,
      value: { enabled: true, sseType: 'AES256' },
    });
    expect(validateEncryptionTrait(undefined)).toEqual({
      ok: true,
      value: { enabled: true, sseType: 'AES256' },
    });
  });

  it.each([
    [{ enabled: false }, 'AWS_OWNED'],
    [{ enabled: true, sseType: 'AES256' }, 'AWS_OWNED'],
    [{ sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' }, 'AWS_MANAGED'],
    [{ sseType: 'KMS', kmsKeyId: keyArn }, 'CUSTOMER_MANAGED'],
    [{ sseType: 'KMS', kmsKeyId: 'alias/prod-key' }, 'CUSTOMER_MANAGED'],
  ])('accepts %j as %s', (props, keyType) => {
    const result = validateEncryptionTrait(props);
    expect(result.ok).toBe(true);
    expect(result.ok && expectedKeyType(result.value)).toBe(keyType);
  });

  it.each([
    [{ sseType: 'KMS' }, 'kmsKeyId', /required when sseType is KMS/],
    [
      { sseType: 'AES256', kmsKeyId: keyArn },
      'kmsKeyId',
      /unless sseType is KMS/,
    ],
    [{ enabled: false, kmsKeyId: keyArn }, 'kmsKeyId', /enabled is false/],
    [{ sseType: 'KMS', kmsKeyId: 'not a key' }, 'kmsKeyId', /not a KMS key/],
    [{ sseType: 'DES' }, 'sseType', /AES256, KMS/],
    [{ enabled: 'yes' }, 'enabled', /true or false/],
    [{ kmsKeyID: keyArn }, 'kmsKeyID', /unknown property/],
  ])('refuses %j naming %s', (props, field, message) => {
    const result = validateEncryptionTrait(props);
    expect(result.ok).toBe(false);
    const error = !result.ok && result.errors.find(e => e.field === field);
    expect(error).toBeTruthy();
    expect(error && error.message).toMatch(message);
  });
});

describe('sseSpecificationFor', () => {
  it('never sends AES256 and always sends Enabled', () => {
    expect(sseSpecificationFor('AWS_OWNED')).toEqual({ Enabled: false });
    expect(sseSpecificationFor('AWS_MANAGED')).toEqual({
      Enabled: true,
      SSEType: 'KMS',
    });
    expect(sseSpecificationFor('CUSTOMER_MANAGED', keyArn)).toEqual({
      Enabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: keyArn,
    });
    expect(() => sseSpecificationFor('CUSTOMER_MANAGED')).toThrow(/kmsKeyArn/);
  });
});

describe('validateEncryptionTrait and untrimmed keys', () => {
  it.each([' alias/x', 'alias/x ', '\talias/aws/dynamodb'])(
    'refuses %j as the CUE trait does: the RGD would hand it to ACK as it is',
    kmsKeyId => {
      const result = validateEncryptionTrait({ sseType: 'KMS', kmsKeyId });
      expect(result).toEqual({
        ok: false,
        errors: [expect.objectContaining({ field: 'kmsKeyId' })],
      });
    },
  );
});

describe('encryptionTraitFor', () => {
  it.each([
    ['AWS_OWNED', undefined, { enabled: true, sseType: 'AES256' }],
    [
      'AWS_MANAGED',
      undefined,
      { enabled: true, sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
    ],
    [
      'CUSTOMER_MANAGED',
      keyArn,
      { enabled: true, sseType: 'KMS', kmsKeyId: keyArn },
    ],
  ] as const)(
    'maps %s to valid properties that ask for it again',
    (keyType, arn, props) => {
      expect(encryptionTraitFor(keyType, arn)).toEqual(props);
      const valid = validateEncryptionTrait(props);
      expect(valid.ok && expectedKeyType(valid.value)).toBe(keyType);
    },
  );

  it('needs the key ARN of a customer managed key', () => {
    expect(() => encryptionTraitFor('CUSTOMER_MANAGED')).toThrow(
      /kmsKeyArn is required/,
    );
  });
});
