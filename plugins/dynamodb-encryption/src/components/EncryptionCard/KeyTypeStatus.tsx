import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import {
  EncryptionFacts,
  KEY_TYPE_LABELS,
} from '@dynamodb-encryption/backstage-plugin-common';

/** The key type with an icon: a usable customer managed key is the strongest, an unusable one is an error. */
export function KeyTypeStatus({ encryption }: { encryption: EncryptionFacts }) {
  const label = KEY_TYPE_LABELS[encryption.keyType];
  if (encryption.keyType === 'UNKNOWN') {
    return <StatusError>{label}: AWS did not let the portal see</StatusError>;
  }
  if (encryption.keyType === 'CUSTOMER_MANAGED') {
    if (encryption.keyState && encryption.keyState !== 'Enabled') {
      return (
        <StatusError>
          {label} ({encryption.keyState})
        </StatusError>
      );
    }
    return <StatusOK>{label}</StatusOK>;
  }
  if (encryption.keyType === 'AWS_MANAGED') {
    return <StatusOK>{label}</StatusOK>;
  }
  return <StatusWarning>{label}</StatusWarning>;
}
