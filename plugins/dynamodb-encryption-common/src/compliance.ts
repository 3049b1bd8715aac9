import { shellQuote } from './shell';
import type {
  EncryptionFacts,
  Finding,
  Severity,
  TableSummary,
} from './report';

/** The frameworks the seed names. @public */
export const FRAMEWORKS = ['HIPAA', 'PCI-DSS', 'GDPR'] as const;

/** @public */
export type Framework = (typeof FRAMEWORKS)[number];

/** @public */
export interface ComplianceRule {
  id: string;
  title: string;
  severity: Severity;
  /** Which framework requirement (in the seed's words) this rule checks. */
  requirements: Partial<Record<Framework, string>>;
  /** Undefined when the facts cannot tell (a key AWS refused to describe, a key that no longer exists). */
  passes(facts: EncryptionFacts): boolean | undefined;
  remediation(table: TableSummary, facts: EncryptionFacts): string;
}

const updateToCmk = (table: TableSummary) =>
  `aws dynamodb update-table --table-name ${shellQuote(
    table.name,
  )} --region ${shellQuote(table.region)} ` +
  `--sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=<customer-managed-key-arn>`;

/**
 * The seed's HIPAA, PCI-DSS and GDPR lists, as checks on what protects a table. Items the table's
 * encryption cannot show (CloudTrail configuration, documentation) are not rules here, and an unusable key
 * is reported by `keyFindings`.
 *
 * @public
 */
export const COMPLIANCE_RULES: ComplianceRule[] = [
  {
    id: 'kms-encryption',
    title:
      'Encrypted with a KMS key (AWS managed or customer managed), not the AWS owned key',
    severity: 'high',
    requirements: {
      HIPAA: 'Use KMS encryption',
      'PCI-DSS': 'Audit key usage',
      GDPR: 'Use KMS for data controller requirements',
    },
    passes: f => f.keyType !== 'AWS_OWNED',
    remediation: updateToCmk,
  },
  {
    id: 'customer-managed-key',
    title:
      'Encrypted with a customer managed key (key policy, grants and deletion under your control)',
    severity: 'medium',
    requirements: {
      HIPAA: 'Implement key policies with least privilege',
      'PCI-DSS': 'Restrict access to encryption keys',
      GDPR: 'Implement right to erasure (key deletion)',
    },
    passes: f => f.keyType === 'CUSTOMER_MANAGED',
    remediation: updateToCmk,
  },
  {
    id: 'key-rotation',
    title: 'The key rotates automatically',
    severity: 'medium',
    requirements: {
      HIPAA: 'Enable automatic key rotation',
      'PCI-DSS': 'Implement key management procedures',
    },
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

/** @public */
export interface FrameworkResult {
  framework: Framework;
  passed: boolean;
  rules: {
    id: string;
    requirement: string;
    passed: boolean;
    /** True when what AWS showed cannot tell whether the rule passes. */
    undetermined?: boolean;
  }[];
}

/**
 * Evaluates every rule for one table: a result per framework and a finding per failed rule.
 *
 * @public
 */
export function evaluateCompliance(
  table: TableSummary,
  facts: EncryptionFacts,
): { frameworks: FrameworkResult[]; findings: Finding[] } {
  const outcomes = COMPLIANCE_RULES.map(rule => {
    const status = facts.keyType === 'UNKNOWN' ? undefined : rule.passes(facts);
    return {
      rule,
      passed: status === true,
      undetermined: status === undefined,
    };
  });
  const frameworks = FRAMEWORKS.map(framework => {
    const rules = outcomes
      .filter(o => o.rule.requirements[framework])
      .map(o => ({
        id: o.rule.id,
        requirement: o.rule.requirements[framework]!,
        passed: o.passed,
        ...(o.undetermined ? { undetermined: true } : {}),
      }));
    return { framework, passed: rules.every(r => r.passed), rules };
  });
  const findings = outcomes
    .filter(o => !o.passed && !o.undetermined)
    .map(({ rule }) => ({
      id: `compliance-${rule.id}`,
      severity: rule.severity,
      title: `${rule.title}: not met (${FRAMEWORKS.filter(
        f => rule.requirements[f],
      ).join(', ')})`,
      remediation: rule.remediation(table, facts),
    }));
  return { frameworks, findings };
}
