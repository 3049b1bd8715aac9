import { parseKmsKeyReference } from './arn';
import { KEY_TYPE_LABELS } from './constants';
import type { DriftItem, EncryptionFacts } from './report';
import { EncryptionTraitProperties, expectedKeyType } from './trait';

/**
 * Differences between the encryption an Application asks for (the trait's properties, validated) and what
 * AWS reports. A key named by alias or key id is drift too even when it is the right key: the ACK controller
 * reads back the key ARN, sees a difference on every sync and re-issues UpdateTable, which burns DynamoDB's
 * key-switch quota.
 *
 * @public
 */
export function encryptionDrift(
  desired: EncryptionTraitProperties,
  actual: EncryptionFacts,
): DriftItem[] {
  const drift: DriftItem[] = [];
  const desiredType = expectedKeyType(desired);
  if (desiredType !== actual.keyType) {
    drift.push({
      field: 'keyType',
      desired: desiredType,
      actual: actual.keyType,
      message: `The manifest asks for the ${
        KEY_TYPE_LABELS[desiredType]
      } key; AWS reports the ${KEY_TYPE_LABELS[actual.keyType]} key`,
    });
    return drift;
  }
  if (desiredType !== 'CUSTOMER_MANAGED' || !desired.kmsKeyId) return drift;

  const ref = parseKmsKeyReference(desired.kmsKeyId);
  const sameKey = ((): boolean => {
    if (!ref) return false;
    if (ref.form === 'keyArn') return ref.arn === actual.kmsKeyArn;
    if (ref.form === 'keyId') return ref.keyId === actual.kmsKeyId;
    return actual.aliases.includes(ref.aliasName);
  })();
  if (!sameKey) {
    drift.push({
      field: 'kmsKeyId',
      desired: desired.kmsKeyId,
      actual: actual.kmsKeyArn,
      message:
        'The table is protected by a different key than the manifest names',
    });
  } else if (ref?.form !== 'keyArn') {
    drift.push({
      field: 'kmsKeyId',
      desired: desired.kmsKeyId,
      actual: actual.kmsKeyArn,
      message: `The manifest names the key by ${
        ref?.form === 'keyId' ? 'key id' : 'alias'
      }: the ACK controller needs the key ARN (${
        actual.kmsKeyArn
      }), or it updates the table on every sync`,
    });
  }
  return drift;
}
