import type { KeyUseAnalysis, KeyUseEntry } from './keyPrincipals';
import { keyUseActionsLabel } from './keyPrincipals';
import type { Finding } from './report';

/**
 * What decides which accounts are at home with a key: its own account, the account of the table it
 * protects (a cross-account key must let that account in), and the accounts of the organization or
 * otherwise trusted (`dynamodbEncryption.trustedAccounts`).
 *
 * @public
 */
export interface KeyUseFindingContext {
  keyAccountId?: string;
  tableAccountId?: string;
  trustedAccounts?: readonly string[];
}

const sources = (entries: KeyUseEntry[]) =>
  [...new Set(entries.map(e => e.source))].join(', ');

const describeEntry = (e: KeyUseEntry) =>
  `${e.source}: ${e.principal} may ${keyUseActionsLabel(e.actions)}${
    e.conditions.length ? ` when ${e.conditions.join(' and ')}` : ''
  }`;

/** The accounts outside home an entry lets in: a named account, or the accounts its conditions pin. */
function foreignAccounts(e: KeyUseEntry, home: Set<string>): string[] {
  const named =
    e.kind === 'any-principal' ? e.conditionAccountIds ?? [] : [e.accountId];
  return named.filter((a): a is string => !!a && !home.has(a));
}

/**
 * Findings about who can use a key: any principal with no narrowing condition (critical), another account
 * outside home named by the policy or pinned by its conditions (high), a grant to such an account (high),
 * the key's own account delegated to IAM (info), and what could not be told (low).
 *
 * @public
 */
export function keyUseFindings(
  analysis: KeyUseAnalysis | undefined,
  context: KeyUseFindingContext,
): Finding[] {
  if (!analysis) return [];
  const findings: Finding[] = [];
  const allowed = analysis.entries.filter(e => e.status === 'allowed');
  const policy = allowed.filter(e => e.sourceType === 'policy');

  const open = allowed.filter(e => e.kind === 'any-principal' && !e.narrowed);
  if (open.length) {
    findings.push({
      id: 'key-any-principal',
      severity: 'critical',
      title: `Any AWS principal, in any account, can use the key (${sources(
        open,
      )})`,
      detail: `${open
        .map(describeEntry)
        .join(
          '; ',
        )}. No condition narrows who (kms:CallerAccount, kms:ViaService, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount): add one, or name the principals.`,
    });
  }

  const home = new Set(
    [
      context.keyAccountId,
      context.tableAccountId,
      ...(context.trustedAccounts ?? []),
    ].filter((a): a is string => !!a),
  );
  if (context.keyAccountId) {
    const outside = (entries: KeyUseEntry[]) =>
      entries.filter(e => foreignAccounts(e, home).length);
    const accountsOf = (entries: KeyUseEntry[]) =>
      [...new Set(entries.flatMap(e => foreignAccounts(e, home)))].join(', ');
    const named = outside(policy);
    if (named.length) {
      findings.push({
        id: 'key-other-account',
        severity: 'high',
        title: `Account ${accountsOf(
          named,
        )}, neither the key's nor a trusted one, can use the key (${sources(
          named,
        )})`,
        detail: `${named
          .map(describeEntry)
          .join(
            '; ',
          )}. A whole account (its root) lets every IAM principal there that its own IAM policies allow. If the account is yours, add it to dynamodbEncryption.trustedAccounts.`,
      });
    }
    const granted = outside(allowed.filter(e => e.sourceType === 'grant'));
    if (granted.length) {
      findings.push({
        id: 'key-grant-other-account',
        severity: 'high',
        title: `A grant lets account ${accountsOf(
          granted,
        )} use the key (${sources(granted)})`,
        detail: `${granted
          .map(describeEntry)
          .join(
            '; ',
          )}. Grants give use outside the key policy; retire the grant if it is not needed.`,
        remediation: `aws kms list-grants --key-id <key-arn>  # then: aws kms retire-grant / revoke-grant`,
      });
    }
  }

  const delegated = policy.filter(
    e => e.kind === 'account' && e.accountId === context.keyAccountId,
  );
  if (delegated.length) {
    findings.push({
      id: 'key-delegated-to-iam',
      severity: 'info',
      title: `The key policy delegates to IAM in the key's account ${
        context.keyAccountId
      } (${sources(delegated)})`,
      detail:
        'Any role or user of that account whose IAM policies allow these KMS actions can use the key; the key policy alone does not say who. Review the IAM policies that grant kms:* or kms:Decrypt on this key or on "*".',
    });
  }

  const unknown = [
    ...analysis.undetermined,
    ...analysis.entries
      .filter(e => e.status === 'undetermined')
      .map(e => `${e.source} (${e.principal}): ${e.reason}`),
  ];
  if (unknown.length) {
    findings.push({
      id: 'key-use-undetermined',
      severity: 'low',
      title: 'Who can use the key is partly undetermined',
      detail: unknown.join('; '),
    });
  }
  return findings;
}
