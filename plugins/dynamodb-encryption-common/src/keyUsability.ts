import { parseKmsKeyReference } from './arn';

/** The parts of DescribeKey's `KeyMetadata` that decide whether DynamoDB can use a key. @public */
export interface KeyForUsability {
  Arn?: string;
  KeyState?: string;
  KeySpec?: string;
  KeyUsage?: string;
  KeyManager?: string;
}

/** @public */
export type KeyUsability = { usable: true } | { usable: false; reason: string };

/**
 * Whether a table in `tableRegion` can be encrypted with a key: DynamoDB takes only enabled, symmetric
 * encryption keys in the table's own region.
 *
 * @public
 */
export function keyUsability(
  key: KeyForUsability,
  tableRegion: string,
): KeyUsability {
  if (key.KeyState !== 'Enabled') {
    return {
      usable: false,
      reason: `the key is ${
        key.KeyState === 'PendingDeletion'
          ? 'pending deletion'
          : (key.KeyState ?? 'in an unknown state').toLowerCase()
      }`,
    };
  }
  if (key.KeySpec && key.KeySpec !== 'SYMMETRIC_DEFAULT') {
    return {
      usable: false,
      reason: `the key is ${key.KeySpec}; DynamoDB needs a symmetric (SYMMETRIC_DEFAULT) key`,
    };
  }
  if (key.KeyUsage && key.KeyUsage !== 'ENCRYPT_DECRYPT') {
    return {
      usable: false,
      reason: `the key's usage is ${key.KeyUsage}; DynamoDB needs ENCRYPT_DECRYPT`,
    };
  }
  const ref = key.Arn ? parseKmsKeyReference(key.Arn) : undefined;
  if (ref?.form === 'keyArn' && ref.region !== tableRegion) {
    return {
      usable: false,
      reason: `the key is in ${ref.region}; the table is in ${tableRegion}`,
    };
  }
  return { usable: true };
}
