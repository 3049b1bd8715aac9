import { COMPLIANCE_CONTROLS, ControlTopic } from './controls';
import { ControlResult, evaluateControls } from './controlResults';
import type {
  EncryptionFacts,
  Finding,
  Severity,
  TableSummary,
} from './report';
import { shellQuote } from './shell';

// The catalogue and its export live beside this file; the package exports them from here.
export * from './controlEvidence';
export * from './keyAccessEvidence';
export * from './controls';
export * from './controlResults';
export * from './complianceExport';

/**
 * @deprecated The per-framework verdicts were replaced by per-control results; use `ControlResult`.
 * @public
 */
export type FrameworkResult = ControlResult;

const updateToCmk = (table: TableSummary) =>
  `aws dynamodb update-table --table-name ${shellQuote(
    table.name,
  )} --region ${shellQuote(table.region)} ` +
  `--sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer-managed-key-arn>`;

/** A fact about the table's key that is worth a finding of its own, with the controls it leaves short. */
interface KeyFindingRule {
  id: string;
  severity: Severity;
  title: string;
  topics: ControlTopic[];
  /** False when the finding applies; undefined when the facts cannot tell. */
  passes(facts: EncryptionFacts): boolean | undefined;
  remediation(table: TableSummary, facts: EncryptionFacts): string;
}

const KEY_FINDING_RULES: KeyFindingRule[] = [
  {
    id: 'kms-encryption',
    severity: 'high',
    title:
      'Encrypted with the AWS owned key, not a KMS key: no key policy, rotation or key use to show',
    topics: ['kms-key'],
    passes: f => f.keyType !== 'AWS_OWNED',
    remediation: updateToCmk,
  },
  {
    id: 'customer-managed-key',
    severity: 'medium',
    title:
      'Not a customer managed key: its key policy, grants and deletion are not under your control',
    topics: ['key-access', 'key-management'],
    passes: f => f.keyType === 'CUSTOMER_MANAGED',
    remediation: updateToCmk,
  },
  {
    id: 'key-rotation',
    severity: 'medium',
    title: 'No evidence that the key rotates automatically',
    topics: ['rotation'],
    passes: f => {
      if (f.keyType === 'AWS_MANAGED') return true;
      if (f.keyType !== 'CUSTOMER_MANAGED') return false;
      if (f.keyState === 'NotFound' || (!f.rotation && f.undetermined)) {
        return undefined;
      }
      return f.rotation?.enabled === true;
    },
    remediation: (table, f) =>
      f.keyType === 'CUSTOMER_MANAGED' && f.kmsKeyArn
        ? `aws kms enable-key-rotation --key-id ${shellQuote(
            f.kmsKeyArn,
          )} --region ${shellQuote(table.region)}`
        : updateToCmk(table),
  },
];

/**
 * Evaluates the catalogue for one table: a result per applicable control, and a finding (with its
 * remediation) for each fact about the key that leaves controls without evidence.
 *
 * @public
 */
export function evaluateCompliance(
  table: TableSummary,
  facts: EncryptionFacts,
): {
  controls: ControlResult[];
  /** @deprecated The same per-control results, under the name of the field they replaced. */
  frameworks: ControlResult[];
  findings: Finding[];
} {
  const controls = evaluateControls(table, facts);
  const findings = KEY_FINDING_RULES.filter(
    rule => facts.keyType !== 'UNKNOWN' && rule.passes(facts) === false,
  ).map(rule => {
    const related = COMPLIANCE_CONTROLS.filter(c =>
      rule.topics.includes(c.topic),
    ).map(c => `${c.framework} ${c.controlId}`);
    return {
      id: `compliance-${rule.id}`,
      severity: rule.severity,
      title: rule.title,
      detail: `Related controls: ${related.join(', ')}.`,
      remediation: rule.remediation(table, facts),
    };
  });
  return { controls, frameworks: controls, findings };
}
