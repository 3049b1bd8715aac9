import { EncryptionFacts, Finding, SEVERITIES, TableSummary } from './report';
import { shellQuote } from './shell';

/**
 * Sorts findings most severe first.
 *
 * @public
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
}

/**
 * Findings about the state of the key that protects a table (rules per framework live in `compliance`).
 *
 * @public
 */
export function keyFindings(
  table: TableSummary,
  facts: EncryptionFacts,
): Finding[] {
  const findings: Finding[] = [];
  const keyRef = facts.kmsKeyArn ? shellQuote(facts.kmsKeyArn) : '<key-arn>';
  const region = shellQuote(table.region);
  if (facts.keyType === 'CUSTOMER_MANAGED') {
    if (facts.keyState === 'Disabled') {
      findings.push({
        id: 'key-disabled',
        severity: 'critical',
        title:
          'The customer managed key is disabled: the table becomes inaccessible',
        remediation: `aws kms enable-key --key-id ${keyRef} --region ${region}`,
      });
    }
    if (facts.keyState === 'PendingDeletion') {
      findings.push({
        id: 'key-pending-deletion',
        severity: 'critical',
        title: `The customer managed key is scheduled for deletion${
          facts.deletionDate ? ` on ${facts.deletionDate.slice(0, 10)}` : ''
        }`,
        remediation: `aws kms cancel-key-deletion --key-id ${keyRef} --region ${region}`,
      });
    }
  }
  if (facts.inaccessibleSince) {
    findings.push({
      id: 'table-inaccessible',
      severity: 'critical',
      title: `DynamoDB cannot use the table's key since ${
        facts.inaccessibleSince
      }; it is archived on ${facts.archivalDate ?? 'the 7th day'}`,
    });
  }
  if (facts.keyPolicy?.verdict === 'not-allowed') {
    findings.push({
      id: 'key-policy-denies-dynamodb',
      severity: 'high',
      title: facts.keyPolicy.reason,
    });
  } else if (facts.keyPolicy?.verdict === 'undetermined') {
    findings.push({
      id: 'key-policy-undetermined',
      severity: 'low',
      title: facts.keyPolicy.reason,
    });
  }
  if (facts.keyType === 'AWS_OWNED') {
    findings.push({
      id: 'aws-owned-key',
      severity: 'info',
      title:
        'Encrypted with an AWS owned key: no key policy, no CloudTrail record of key use',
    });
  }
  return sortFindings(findings);
}
