import {
  allOf,
  atRestEvidence,
  EvidenceRule,
  inTransitEvidence,
  kmsKeyTypeEvidence,
  panUnreadableEvidence,
  retentionEvidence,
  rotationEvidence,
} from './controlEvidence';
import { keyAccessEvidence, publicAccessEvidence } from './keyAccessEvidence';
import type { EncryptionFacts } from './report';

/**
 * The standards the catalogue cites, each named as its publisher names the version cited.
 *
 * @public
 */
export const COMPLIANCE_FRAMEWORKS = [
  'HIPAA Security Rule',
  'PCI DSS v4.0.1',
  'NIST SP 800-53 Rev. 5',
  'GDPR',
  'CIS AWS Foundations Benchmark v3.0.0',
  'AWS Config',
  'AWS Security Hub',
] as const;

/** @public */
export type ComplianceFramework = (typeof COMPLIANCE_FRAMEWORKS)[number];

/** What a control's evidence is about, so findings and screens can group controls. @public */
export type ControlTopic =
  | 'encryption-at-rest'
  | 'encryption-in-transit'
  | 'kms-key'
  | 'rotation'
  | 'key-retention'
  | 'key-access'
  | 'key-management'
  | 'pan-storage';

/**
 * One control of a standard, with the standard's own identifier and title (checked against the published
 * text; see docs/compliance.md) and the rule that reads evidence for it from a table's assessment.
 *
 * @public
 */
export interface ComplianceControl {
  /** The portal's stable id of the control. */
  id: string;
  framework: ComplianceFramework;
  /** The standard's identifier, as it writes it. */
  controlId: string;
  /** The standard's title (or, where it has none, the opening words of its text). */
  title: string;
  /** Where the standard publishes the control. */
  reference: string;
  topic: ControlTopic;
  /** The tables the control is about (a rule on customer managed keys says nothing of an AWS owned key). */
  appliesTo?: (facts: EncryptionFacts) => boolean;
  /**
   * True only for a control that asks nothing but which kind of key protects the table: the one kind of
   * control whose evidence may rest on the key type alone.
   */
  keyTypeOnly?: boolean;
  evidence: EvidenceRule;
}

const HIPAA_164_312 =
  'https://www.govinfo.gov/content/pkg/CFR-2019-title45-vol2/xml/CFR-2019-title45-vol2-sec164-312.xml';
const PCI_DSS = 'https://www.pcisecuritystandards.org/document_library/';
const NIST_800_53 = 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final';
const GDPR = 'https://eur-lex.europa.eu/eli/reg/2016/679/oj';
const CONFIG = 'https://docs.aws.amazon.com/config/latest/developerguide';
const SECURITY_HUB_KMS =
  'https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html';

/** Controls on KMS keys a table may use: not on the AWS owned key, which is not in the account. */
const kmsKeys = (f: EncryptionFacts) => f.keyType !== 'AWS_OWNED';
/** Controls on customer managed keys (kept for UNKNOWN, where the key may be one). */
const customerKeys = (f: EncryptionFacts) =>
  f.keyType === 'CUSTOMER_MANAGED' || f.keyType === 'UNKNOWN';

/**
 * The controls the portal reads evidence for, per standard. Each result is evidence present, evidence
 * missing or unknown, never "meets": the portal sees a table's encryption, not an organisation's procedures.
 *
 * @public
 */
export const COMPLIANCE_CONTROLS: readonly ComplianceControl[] = [
  {
    id: 'hipaa-164.312-a-2-iv',
    framework: 'HIPAA Security Rule',
    controlId: '45 CFR §164.312(a)(2)(iv)',
    title: 'Encryption and decryption',
    reference: HIPAA_164_312,
    topic: 'encryption-at-rest',
    evidence: atRestEvidence,
  },
  {
    id: 'hipaa-164.312-e-2-ii',
    framework: 'HIPAA Security Rule',
    controlId: '45 CFR §164.312(e)(2)(ii)',
    title: 'Encryption (transmission security)',
    reference: HIPAA_164_312,
    topic: 'encryption-in-transit',
    evidence: inTransitEvidence,
  },
  {
    id: 'pci-dss-3.5.1',
    framework: 'PCI DSS v4.0.1',
    controlId: '3.5.1',
    title: 'PAN is rendered unreadable anywhere it is stored',
    reference: PCI_DSS,
    topic: 'pan-storage',
    evidence: panUnreadableEvidence,
  },
  {
    id: 'pci-dss-3.6.1',
    framework: 'PCI DSS v4.0.1',
    controlId: '3.6.1',
    title:
      'Procedures are defined and implemented to protect cryptographic keys used to protect stored account data against disclosure and misuse (access to keys is restricted to the fewest number of custodians necessary)',
    reference: PCI_DSS,
    topic: 'key-access',
    evidence: keyAccessEvidence,
  },
  {
    id: 'pci-dss-3.7.4',
    framework: 'PCI DSS v4.0.1',
    controlId: '3.7.4',
    title:
      'Key management policies and procedures are implemented for cryptographic key changes for keys that have reached the end of their cryptoperiod',
    reference: PCI_DSS,
    topic: 'rotation',
    evidence: rotationEvidence,
  },
  {
    id: 'nist-800-53-sc-12',
    framework: 'NIST SP 800-53 Rev. 5',
    controlId: 'SC-12',
    title: 'Cryptographic Key Establishment and Management',
    reference: NIST_800_53,
    topic: 'key-management',
    // Its requirements cover key storage, access and destruction: retention, rotation and access together.
    evidence: allOf(retentionEvidence, rotationEvidence, keyAccessEvidence),
  },
  {
    id: 'nist-800-53-sc-28-1',
    framework: 'NIST SP 800-53 Rev. 5',
    controlId: 'SC-28(1)',
    title: 'Protection of Information at Rest | Cryptographic Protection',
    reference: NIST_800_53,
    topic: 'encryption-at-rest',
    evidence: atRestEvidence,
  },
  {
    id: 'gdpr-art-32-1-a',
    framework: 'GDPR',
    controlId: 'Art. 32(1)(a)',
    title:
      'Security of processing: the pseudonymisation and encryption of personal data',
    reference: GDPR,
    topic: 'encryption-at-rest',
    evidence: atRestEvidence,
  },
  {
    id: 'cis-aws-3.0.0-3.6',
    framework: 'CIS AWS Foundations Benchmark v3.0.0',
    controlId: '3.6',
    title: 'Ensure rotation for customer-created symmetric CMKs is enabled',
    reference: `${SECURITY_HUB_KMS}#kms-4`,
    topic: 'rotation',
    appliesTo: customerKeys,
    evidence: rotationEvidence,
  },
  {
    id: 'aws-config-dynamodb-table-encrypted-kms',
    framework: 'AWS Config',
    controlId: 'dynamodb-table-encrypted-kms',
    title:
      'Checks if Amazon DynamoDB table is encrypted with AWS Key Management Service (KMS)',
    reference: `${CONFIG}/dynamodb-table-encrypted-kms.html`,
    topic: 'kms-key',
    keyTypeOnly: true,
    evidence: kmsKeyTypeEvidence,
  },
  {
    id: 'aws-config-cmk-backing-key-rotation-enabled',
    framework: 'AWS Config',
    controlId: 'cmk-backing-key-rotation-enabled',
    title:
      'Checks if automatic key rotation is enabled for each key and matches to the key ID of the customer created AWS KMS key',
    reference: `${CONFIG}/cmk-backing-key-rotation-enabled.html`,
    topic: 'rotation',
    appliesTo: customerKeys,
    evidence: rotationEvidence,
  },
  {
    id: 'aws-config-kms-cmk-not-scheduled-for-deletion',
    framework: 'AWS Config',
    controlId: 'kms-cmk-not-scheduled-for-deletion',
    title:
      'Checks if AWS Key Management Service (AWS KMS) keys are not scheduled for deletion in AWS KMS',
    reference: `${CONFIG}/kms-cmk-not-scheduled-for-deletion.html`,
    topic: 'key-retention',
    appliesTo: kmsKeys,
    evidence: retentionEvidence,
  },
  {
    id: 'aws-security-hub-kms-3',
    framework: 'AWS Security Hub',
    controlId: 'KMS.3',
    title: 'AWS KMS keys should not be deleted unintentionally',
    reference: `${SECURITY_HUB_KMS}#kms-3`,
    topic: 'key-retention',
    appliesTo: kmsKeys,
    evidence: retentionEvidence,
  },
  {
    id: 'aws-security-hub-kms-4',
    framework: 'AWS Security Hub',
    controlId: 'KMS.4',
    title: 'AWS KMS key rotation should be enabled',
    reference: `${SECURITY_HUB_KMS}#kms-4`,
    topic: 'rotation',
    appliesTo: customerKeys,
    evidence: rotationEvidence,
  },
  {
    id: 'aws-security-hub-kms-5',
    framework: 'AWS Security Hub',
    controlId: 'KMS.5',
    title: 'KMS keys should not be publicly accessible',
    reference: `${SECURITY_HUB_KMS}#kms-5`,
    topic: 'key-access',
    appliesTo: customerKeys,
    evidence: publicAccessEvidence,
  },
];

/** The catalogue's control with this id. @public */
export function complianceControl(id: string): ComplianceControl | undefined {
  return COMPLIANCE_CONTROLS.find(c => c.id === id);
}
