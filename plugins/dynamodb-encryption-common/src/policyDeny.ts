import { covers, PrincipalRef } from './policyPrincipals';
import type { Allowance, Statement } from './policyStatements';

/*
 * An explicit Deny overrides any Allow (the IAM evaluation logic). A Deny without a condition removes the
 * use it covers; with a condition it removes it only when the condition holds, so it narrows the Allow
 * instead: a Deny on "aws:PrincipalOrgID is not o-1" leaves only the organization allowed.
 */

/** Whether a NotPrincipal list spares `entry` (an IAM principal is spared only with its account listed). */
function spared(notPrincipals: PrincipalRef[], entry: PrincipalRef): boolean {
  const named = notPrincipals.some(p => p.principal === entry.principal);
  const account = notPrincipals.some(
    p => p.kind === 'account' && p.accountId === entry.accountId,
  );
  if (entry.kind === 'account') return named || account;
  return named && (entry.kind !== 'iam-principal' || account);
}

/** What a Deny does to one allowance's denied actions. */
function deny(d: Statement, entry: Allowance): Allowance | undefined {
  if (d.problems.length || d.clauses.some(c => c.unknown)) {
    const why = [...d.problems, ...d.clauses.flatMap(c => c.unknown ?? [])];
    return {
      ...entry,
      problems: [
        ...entry.problems,
        `Deny ${d.source} cannot be read: ${why.join('; ')}`,
      ],
    };
  }
  const names = (refs: PrincipalRef[]) => refs.map(p => p.principal).join(', ');
  const when = d.clauses.map(c => c.text).join(' and ');
  // A Deny on negated conditions only ("not in organization o-1") leaves what they name allowed.
  const narrowing =
    d.clauses.length > 0 && d.clauses.every(c => c.narrowsInDeny);
  const only = narrowing
    ? d.clauses.map(c => c.positiveText).join(' or ')
    : undefined;
  const except = (text: string): Allowance => ({
    ...entry,
    denyExceptions: [
      ...entry.denyExceptions,
      `${text} (Deny ${d.source}, does not narrow who)`,
    ],
  });
  const narrow = (text: string, accountIds?: string[]): Allowance => ({
    ...entry,
    denyNarrowing: [
      ...entry.denyNarrowing,
      { text: `${text} (Deny ${d.source})`, accountIds },
    ],
  });

  if (d.notPrincipals) {
    if (spared(d.notPrincipals, entry)) return entry;
    if (entry.kind === 'any-principal') {
      const spare = names(d.notPrincipals);
      if (!d.clauses.length) {
        const accounts = d.notPrincipals.map(p => p.accountId);
        return narrow(
          `only ${spare}`,
          accounts.every(Boolean) ? (accounts as string[]) : undefined,
        );
      }
      if (only) return narrow(`only ${spare}, or when ${only}`);
      return except(`only ${spare} when ${when}`);
    }
  } else if (!(d.principals ?? []).some(p => covers(p, entry))) {
    // A Deny naming some principals takes them out of a wider Allow: everyone, or a whole account.
    const inside = (d.principals ?? []).filter(
      p =>
        entry.kind === 'any-principal' ||
        (entry.kind === 'account' && p.accountId === entry.accountId),
    );
    if (!inside.length) return entry;
    return except(`not ${names(inside)}${when ? ` when ${when}` : ''}`);
  }
  if (!d.clauses.length) return undefined;
  if (only) {
    const [single] = d.clauses;
    return narrow(
      `only when ${only}`,
      d.clauses.length === 1 ? single.accountIds : undefined,
    );
  }
  return except(`not when ${when}`);
}

/** Applies one Deny: the actions it covers are removed, narrowed or excepted; the others stay as they were. */
export function applyDeny(d: Statement, entries: Allowance[]): Allowance[] {
  return entries.flatMap(entry => {
    const denied = entry.actions.filter(a => d.actions.includes(a));
    if (!denied.length) return [entry];
    const kept = entry.actions.filter(a => !denied.includes(a));
    const after = deny(d, { ...entry, actions: denied });
    return [
      ...(kept.length ? [{ ...entry, actions: kept }] : []),
      ...(after ? [after] : []),
    ];
  });
}
