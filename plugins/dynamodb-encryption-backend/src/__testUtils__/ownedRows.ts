import {
  FleetRow,
  KeyType,
  Severity,
} from '@dynamodb-encryption/backstage-plugin-common';

export const ORDERS = 'group:default/orders-team';
export const PAYMENTS = 'group:default/payments-team';
export const PLATFORM = 'group:default/platform-team';
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const PAT = 'user:default/pat';

/** Alice is in the orders team, Pat in the platform team, Bob in no team. */
export const MEMBERSHIPS: Record<string, string[]> = {
  [ALICE]: [ORDERS],
  [PAT]: [PLATFORM],
};

const keyArn = (n: number) =>
  `arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-00000000000${n}`;

/**
 * Fleet rows with every kind of owner (a team, another team, none, a team written in other letter cases, a
 * user), in two accounts and regions, with every key type, two keys, rotation on and off, and findings of
 * several severities, so each figure of the summary differs between readers.
 */
export function ownedRows(count = 40): FleetRow[] {
  const owners = [
    ORDERS,
    PAYMENTS,
    undefined,
    'Group:default/Orders-Team',
    ALICE,
  ];
  const keyTypes: KeyType[] = [
    'CUSTOMER_MANAGED',
    'AWS_OWNED',
    'AWS_MANAGED',
    'CUSTOMER_MANAGED',
  ];
  const severities: (Severity | undefined)[] = [
    'critical',
    undefined,
    'high',
    'low',
    undefined,
    'info',
  ];
  return Array.from({ length: count }, (_, i) => {
    const name = `table-${String(i).padStart(3, '0')}`;
    const accountId = i % 2 ? '111111111111' : '222222222222';
    const region = i % 3 ? 'us-east-1' : 'eu-west-1';
    const keyType = keyTypes[i % keyTypes.length];
    const cmk = keyType === 'CUSTOMER_MANAGED';
    const severity = severities[i % severities.length];
    return {
      table: {
        arn: `arn:aws:dynamodb:${region}:${accountId}:table/${name}`,
        name,
        accountId,
        region,
      },
      encryption: {
        keyType,
        aliases: cmk ? [`alias/key-${i % 2}`] : [],
        kmsKeyArn: cmk ? keyArn(i % 2) : undefined,
        rotation: cmk ? { enabled: i % 5 < 2 } : undefined,
      },
      cost: { monthlyUsd: (i + 1) / 4, breakdown: [], assumptions: {} },
      findings: severity
        ? [{ id: `finding-${severity}`, severity, title: severity }]
        : [],
      owner: owners[i % owners.length],
    };
  });
}

/** What `isOwnedBy` lets through for these ownership refs, decided here without the rules' code. */
export function ownedBy(rows: FleetRow[], refs: string[]): FleetRow[] {
  const lower = refs.map(r => r.toLowerCase());
  return rows.filter(r => !!r.owner && lower.includes(r.owner.toLowerCase()));
}
