import {
  INACCESSIBLE_TABLE_STATUS,
  KEY_TYPE_LABELS,
  UNUSABLE_KEY_STATES,
} from './constants';
import {
  because,
  keyName,
  missing,
  present,
  unknown,
  unknownKeyType,
} from './evidenceKinds';
import type { EncryptionFacts, TableSummary } from './report';

/**
 * What a control's evidence rule concludes from one assessment: the evidence is there, it is not, or the
 * portal cannot tell. Never a verdict on the control itself: an auditor judges that.
 *
 * @public
 */
export const CONTROL_RESULTS = [
  'evidence-present',
  'evidence-missing',
  'unknown',
] as const;

/** @public */
export type ControlResultKind = (typeof CONTROL_RESULTS)[number];

/**
 * A result with what was seen, or, for `unknown`, why the portal cannot tell.
 *
 * @public
 */
export interface ControlEvidence {
  result: ControlResultKind;
  evidence: string;
}

/** What an evidence rule reads: the one assessment's table and encryption facts. @public */
export interface EvidenceSubject {
  table: TableSummary;
  encryption: EncryptionFacts;
}

/** @public */
export type EvidenceRule = (subject: EvidenceSubject) => ControlEvidence;

/**
 * Encryption at rest that DynamoDB can still decrypt: the key type, its state, the table's state.
 *
 * @public
 */
export const atRestEvidence: EvidenceRule = ({ table, encryption: f }) => {
  if (f.keyType === 'UNKNOWN') return unknownKeyType(f);
  if (f.keyType === 'AWS_OWNED') {
    return present(
      'DescribeTable shows no SSEDescription: DynamoDB encrypts the table at rest with an AWS owned key (not in your account: no key policy, no record of its use in your CloudTrail)',
    );
  }
  const key = `the ${KEY_TYPE_LABELS[f.keyType].toLowerCase()} key ${keyName(
    f,
  )}`;
  const unusable = f.keyState ? UNUSABLE_KEY_STATES[f.keyState] : undefined;
  if (
    unusable ||
    f.inaccessibleSince ||
    table.status === INACCESSIBLE_TABLE_STATUS
  ) {
    return missing(
      `Encrypted under ${key}, but DynamoDB cannot use it${
        f.keyState ? ` (key state ${f.keyState})` : ''
      }${
        f.inaccessibleSince ? ` since ${f.inaccessibleSince}` : ''
      }: the table cannot be decrypted`,
    );
  }
  if (!f.keyState) {
    return unknown(
      `Encrypted under ${key}, but the key's state was not read${because(
        f,
      )}: whether DynamoDB can decrypt the table is not shown`,
    );
  }
  if (f.keyState !== 'Enabled') {
    return unknown(`Encrypted under ${key}, whose state is ${f.keyState}`);
  }
  return present(
    `Server-side encryption ${f.sseStatus ?? 'on'} (SSEType ${
      f.sseType ?? 'KMS'
    }) under ${key}, key state Enabled`,
  );
};

/**
 * Key changes at a defined cryptoperiod, for any key type.
 *
 * @public
 */
export const rotationEvidence: EvidenceRule = ({ encryption: f }) => {
  if (f.keyType === 'UNKNOWN') return unknownKeyType(f);
  if (f.keyType === 'AWS_OWNED') {
    return missing(
      'AWS owned key: AWS rotates it on a schedule that is not visible in your account, so no cryptoperiod can be shown',
    );
  }
  if (f.keyState === 'NotFound') {
    return unknown(
      'The key no longer exists (DescribeKey: not found): its rotation cannot be read',
    );
  }
  const r = f.rotation;
  if (!r) return unknown(`The key's rotation was not read${because(f)}`);
  if (r.managedByAws) {
    return present(
      `AWS managed key: AWS KMS rotates it every ${
        r.periodDays ?? 365
      } days and the schedule cannot be changed (a cryptoperiod set by AWS, not read per key)`,
    );
  }
  if (!r.enabled) {
    const notes = [
      f.keyState === 'PendingDeletion'
        ? 'a key pending deletion reports rotation off'
        : '',
      f.origin && f.origin !== 'AWS_KMS'
        ? `a key of origin ${f.origin} cannot rotate automatically`
        : '',
    ].filter(Boolean);
    return missing(
      `Automatic rotation is off (GetKeyRotationStatus: KeyRotationEnabled false)${notes
        .map(n => `; ${n}`)
        .join('')}`,
    );
  }
  return present(
    `Automatic rotation is on, ${
      r.periodDays
        ? `every ${r.periodDays} days`
        : 'period not reported (the KMS default is 365 days)'
    }${r.nextRotationDate ? `, next ${r.nextRotationDate.slice(0, 10)}` : ''}`,
  );
};

/**
 * The key is kept: not scheduled for deletion, not deleted.
 *
 * @public
 */
export const retentionEvidence: EvidenceRule = ({ encryption: f }) => {
  if (f.keyType === 'UNKNOWN') return unknownKeyType(f);
  if (f.keyType === 'AWS_OWNED') {
    return unknown(
      'AWS owned key: not in your account, its lifecycle is not visible',
    );
  }
  if (f.keyState === 'NotFound') {
    return missing('The key no longer exists (DescribeKey: not found)');
  }
  if (f.keyState === 'PendingDeletion') {
    return missing(
      `The key is scheduled for deletion${
        f.deletionDate ? ` on ${f.deletionDate.slice(0, 10)}` : ''
      }`,
    );
  }
  if (!f.keyState) {
    return unknown(`The key's state was not read${because(f)}`);
  }
  return present(`Key state ${f.keyState}: not scheduled for deletion`);
};

/**
 * DynamoDB reports a KMS key (AWS managed or customer managed): the one control about the key type alone.
 *
 * @public
 */
export const kmsKeyTypeEvidence: EvidenceRule = ({ encryption: f }) => {
  if (
    f.keyType === 'AWS_MANAGED' ||
    f.keyType === 'CUSTOMER_MANAGED' ||
    f.sseType === 'KMS'
  ) {
    return present(
      `DescribeTable reports SSEType KMS (${
        KEY_TYPE_LABELS[f.keyType]
      } key ${keyName(
        f,
      )}); the rule's optional kmsKeyArns list is not evaluated`,
    );
  }
  if (f.keyType === 'AWS_OWNED') {
    return missing(
      'DescribeTable shows no SSEDescription: the table uses the AWS owned key, not a KMS key',
    );
  }
  return unknownKeyType(f);
};

/**
 * In-transit encryption: the portal reads encryption at rest only.
 *
 * @public
 */
export const inTransitEvidence: EvidenceRule = () =>
  unknown(
    "The portal reads the table's encryption at rest; it does not observe connections. DynamoDB's API uses HTTPS by default, but whether every client and path (DAX, exports, stream consumers) encrypts data in transit is not evidenced here",
  );

/**
 * PAN rendered unreadable in the items: invisible to server-side encryption facts.
 *
 * @public
 */
export const panUnreadableEvidence: EvidenceRule = () =>
  unknown(
    'Server-side encryption protects the stored table but returns clear text to every caller allowed to read it; whether PAN in the items is rendered unreadable (hash, truncation, token, or strong cryptography with key management) is not visible to the portal',
  );

/**
 * All of several rules: evidence is present only when every part has it, missing when any part lacks it,
 * unknown otherwise; the parts' texts are kept.
 *
 * @public
 */
export function allOf(...rules: EvidenceRule[]): EvidenceRule {
  return subject => {
    const parts = rules.map(rule => rule(subject));
    for (const result of ['evidence-missing', 'unknown'] as const) {
      const hits = parts.filter(p => p.result === result);
      if (hits.length)
        return { result, evidence: hits.map(p => p.evidence).join('; ') };
    }
    return present(parts.map(p => p.evidence).join('; '));
  };
}
