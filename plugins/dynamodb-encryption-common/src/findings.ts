import { INACCESSIBLE_TABLE_STATUS, UNUSABLE_KEY_STATES } from './constants';
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

function unusableKeyFinding(
  table: TableSummary,
  facts: EncryptionFacts,
): Finding | undefined {
  const state = facts.keyState && UNUSABLE_KEY_STATES[facts.keyState];
  if (!state || !facts.keyState) return undefined;
  const keyRef = facts.kmsKeyArn ? shellQuote(facts.kmsKeyArn) : '<key-arn>';
  const region = shellQuote(table.region);
  const remediation: Record<string, string> = {
    Disabled: `aws kms enable-key --key-id ${keyRef} --region ${region}`,
    PendingDeletion: `aws kms cancel-key-deletion --key-id ${keyRef} --region ${region}`,
    PendingImport: `aws kms import-key-material --key-id ${keyRef} --region ${region} ...`,
    Unavailable: `aws kms connect-custom-key-store --custom-key-store-id <store-id> --region ${region}`,
  };
  const id = `key-${facts.keyState
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()}`;
  return {
    id: id === 'key-not-found' ? 'key-missing' : id,
    severity: state.severity,
    title:
      facts.keyState === 'PendingDeletion' && facts.deletionDate
        ? `${state.title} on ${facts.deletionDate.slice(0, 10)}`
        : state.title,
    ...(facts.keyState === 'NotFound'
      ? {
          detail: `DescribeKey found no key ${
            facts.kmsKeyArn ?? ''
          }. Restore the table from a backup into a table with a key that exists.`,
        }
      : { remediation: remediation[facts.keyState] }),
  };
}

/**
 * Findings about the state of the key that protects a table and about what the portal could not see
 * (rules per framework live in `compliance`).
 *
 * @public
 */
export function keyFindings(
  table: TableSummary,
  facts: EncryptionFacts,
): Finding[] {
  const findings: Finding[] = [];
  const unusable = unusableKeyFinding(table, facts);
  if (unusable) findings.push(unusable);
  if (facts.inaccessibleSince || table.status === INACCESSIBLE_TABLE_STATUS) {
    findings.push({
      id: 'table-inaccessible',
      severity: 'critical',
      title: facts.inaccessibleSince
        ? `DynamoDB cannot use the table's key since ${
            facts.inaccessibleSince
          }; it is archived on ${facts.archivalDate ?? 'the 7th day'}`
        : `The table is inaccessible: DynamoDB cannot use its key (${INACCESSIBLE_TABLE_STATUS})`,
    });
  }
  if (facts.undetermined) {
    const grants = facts.undetermined.grant
      .map(
        g =>
          `${g.actions.join(', ')} on ${g.resource} (account ${g.accountId})`,
      )
      .join('; ');
    findings.push({
      id:
        facts.keyType === 'UNKNOWN'
          ? 'encryption-undetermined'
          : 'kms-access-denied',
      severity: 'high',
      title: `${facts.undetermined.reason}: ${
        facts.keyType === 'UNKNOWN'
          ? 'the key type is unknown'
          : 'the report is partial'
      }`,
      ...(grants
        ? {
            detail: `Grant ${grants} to the role the portal uses (IAM policy, and the key policy for a key of another account).`,
          }
        : {}),
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
