import type { EvidenceRule } from './controlEvidence';
import { missing, present, unknown, unknownKeyType } from './evidenceKinds';
import type { EncryptionFacts } from './report';

type KeyUse = NonNullable<EncryptionFacts['keyUse']>;

const listed = (items: string[]) => [...new Set(items)].join(', ');

/** Entries that let any principal use the key with no condition narrowing who. */
const openTo = (use: KeyUse) =>
  use.entries.filter(
    e => e.status === 'allowed' && e.kind === 'any-principal' && !e.narrowed,
  );

/** What keeps the key-use analysis from being a complete answer, in words; empty when it is complete. */
function incomplete(use: KeyUse): string[] {
  return [
    ...use.undetermined,
    ...use.entries
      .filter(e => e.status === 'undetermined')
      .map(e => `${e.source}: ${e.reason ?? 'not understood'}`),
  ];
}

/** The same answer for every key the portal cannot read key-use evidence for. */
function withoutKeyUse(f: EncryptionFacts) {
  if (f.keyType === 'UNKNOWN') return unknownKeyType(f);
  if (f.keyType === 'AWS_OWNED') {
    return missing(
      'AWS owned key: it has no key policy in your account and its use is not recorded in your CloudTrail, so access to it cannot be shown or restricted at the key',
    );
  }
  if (f.keyType === 'AWS_MANAGED') {
    return unknown(
      'AWS managed key: AWS sets its key policy, which lets every principal of the account that may use DynamoDB use the key through DynamoDB; who that is depends on IAM policies, which the portal does not read',
    );
  }
  if (f.keyState === 'NotFound') {
    return unknown('The key no longer exists (DescribeKey: not found)');
  }
  const policy = f.keyPolicy;
  if (!policy) {
    const refused = f.undetermined?.grant.some(g =>
      g.actions.includes('kms:GetKeyPolicy'),
    );
    return unknown(
      `The key policy was not read${
        refused ? ' (GetKeyPolicy was refused)' : ''
      }: who may use the key cannot be shown`,
    );
  }
  if (policy.verdict === 'undetermined') {
    return unknown(
      `${policy.reason}: IAM policies, which the portal does not read, decide who may use the key`,
    );
  }
  return unknown(
    `The key policy was read (${policy.reason}), but who else may use the key was not analysed`,
  );
}

/** Evidence missing when any principal may use the key with no condition narrowing who. */
function openToAnyone(use: Parameters<typeof openTo>[0]) {
  const open = openTo(use);
  return open.length
    ? missing(
        `Any AWS principal may use the key, no condition narrowing who (${listed(
          open.map(e => e.source),
        )})`,
      )
    : undefined;
}

/**
 * Who may use the key: evidence only from the analysis of its key policy and grants (`keyUse`). Present
 * when that analysis is complete and names every principal (no whole account, which IAM policies the
 * portal does not read would decide, and no principal at large); missing when any principal may use it;
 * unknown otherwise, including whenever the policy or the grants were not read.
 *
 * @public
 */
export const keyAccessEvidence: EvidenceRule = ({ encryption: f }) => {
  const use = f.keyType === 'CUSTOMER_MANAGED' ? f.keyUse : undefined;
  if (!use) return withoutKeyUse(f);
  const open = openToAnyone(use);
  if (open) return open;
  const gaps = incomplete(use);
  if (gaps.length) {
    return unknown(
      `Who may use the key is not fully known: ${gaps.join('; ')}`,
    );
  }
  const allowed = use.entries.filter(e => e.status === 'allowed');
  const broad = allowed.filter(
    e => e.kind === 'account' || e.kind === 'any-principal',
  );
  if (broad.length) {
    return unknown(
      `The key policy lets whole accounts use the key (${listed(
        broad.map(e => `${e.principal} in ${e.source}`),
      )}): IAM policies there, which the portal does not read, decide which principals may`,
    );
  }
  return present(
    allowed.length
      ? `The key policy and grants name every principal that may use the key: ${listed(
          allowed.map(e => e.principal),
        )}`
      : 'The key policy and grants let no principal use the key',
  );
};

/**
 * Whether the key is open to the public: any principal, with no condition narrowing who. Read from the
 * key-use analysis of a customer managed key; unknown without it.
 *
 * @public
 */
export const publicAccessEvidence: EvidenceRule = ({ encryption: f }) => {
  const use = f.keyType === 'CUSTOMER_MANAGED' ? f.keyUse : undefined;
  if (!use) return withoutKeyUse(f);
  const open = openToAnyone(use);
  if (open) return open;
  const gaps = incomplete(use);
  if (gaps.length) {
    return unknown(
      `No statement read opens the key to any principal, but the analysis is incomplete: ${gaps.join(
        '; ',
      )}`,
    );
  }
  return present(
    'No key policy statement or grant lets any principal use the key without a condition narrowing who',
  );
};
