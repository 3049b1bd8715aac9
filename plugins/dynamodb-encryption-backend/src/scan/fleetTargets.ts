import {
  AwsClientFactory,
  listActiveOrganizationAccounts,
} from '@dynamodb-encryption/backstage-plugin-node';

/** Accounts of the AWS Organization the main account belongs to, reached through one role. */
export interface OrganizationTarget {
  organization: {
    /** The role assumed in each account (`arn:aws:iam::<account>:role/<roleName>`). */
    roleName: string;
    regions: string[];
    /** Accounts not to scan (for example the management account). */
    excludeAccounts: string[];
  };
}

/** One account and its regions, as config names it or as the organization listed it. */
export interface AccountTarget {
  accountId: string;
  /** What people call the account (config's `name`, or its name in the organization); the dashboard shows it. */
  name?: string;
  regions: string[];
  /** Set for an organization's account: the role assumed with the main account's credentials. */
  roleName?: string;
}

/** A configured fleet target: an account, or every active account of the organization. */
export type FleetTarget = AccountTarget | OrganizationTarget;

/**
 * The accounts to scan: configured accounts as they are, and for an organization target every ACTIVE
 * account that Organizations ListAccounts returns (all pages; called with the main account's
 * credentials) under its name in the organization, minus `excludeAccounts`. An account named twice is
 * scanned once, with the union of its regions, the first way of reaching it and the first name given.
 */
export async function resolveFleetAccounts(
  clients: AwsClientFactory,
  targets: FleetTarget[],
): Promise<AccountTarget[]> {
  const accounts = new Map<string, AccountTarget>();
  const add = (target: AccountTarget) => {
    const known = accounts.get(target.accountId);
    if (!known) {
      accounts.set(target.accountId, { ...target });
      return;
    }
    known.regions = [...new Set([...known.regions, ...target.regions])];
    known.name ??= target.name;
  };
  for (const target of targets) {
    if (!('organization' in target)) {
      add(target);
      continue;
    }
    const { roleName, regions, excludeAccounts } = target.organization;
    for (const { accountId, name } of await listActiveOrganizationAccounts(
      clients,
    )) {
      if (!excludeAccounts.includes(accountId))
        add({ accountId, name, regions, roleName });
    }
  }
  return [...accounts.values()];
}
