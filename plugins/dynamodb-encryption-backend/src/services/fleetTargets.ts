import { LoggerService } from '@backstage/backend-plugin-api';
import { FleetAccount } from '@internal/plugin-dynamodb-encryption-common';
import {
  AwsClientFactory,
  listActiveOrganizationAccounts,
} from '@internal/plugin-dynamodb-encryption-node';

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

/** The latest resolution of each target list (the scan's, usually), so showing accounts costs no AWS call. */
const latest = new WeakMap<
  FleetTarget[],
  { at: number; accounts: AccountTarget[] }
>();

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
  const resolved = [...accounts.values()];
  latest.set(targets, { at: Date.now(), accounts: resolved });
  return resolved;
}

/**
 * The fleet's accounts as the dashboard names them (`GET /fleet/summary` → `accounts`). With an
 * organization target: the latest resolution of `targets` (a scan's, so reading the summary costs no AWS
 * call) while it is younger than `maxAgeMs`, else one ListAccounts of its own (a replica that has not
 * scanned yet); when that fails, the last accounts known or those config names (logged, and kept for
 * `maxAgeMs`), so the summary still answers.
 */
export function fleetAccountsShown(
  clients: AwsClientFactory,
  targets: FleetTarget[],
  options: { logger?: LoggerService; maxAgeMs?: number } = {},
): () => Promise<FleetAccount[]> {
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const configured = targets.filter(
    (t): t is AccountTarget => !('organization' in t),
  );
  const shown = (accounts: AccountTarget[]): FleetAccount[] =>
    accounts.map(({ accountId, name, regions }) => ({
      accountId,
      ...(name ? { name } : {}),
      regions,
    }));
  let pending: Promise<AccountTarget[]> | undefined;
  return async () => {
    if (configured.length === targets.length) return shown(configured);
    const last = latest.get(targets);
    if (last && Date.now() - last.at < maxAgeMs) return shown(last.accounts);
    pending ??= resolveFleetAccounts(clients, targets)
      .catch(e => {
        options.logger?.warn(
          'Could not list the organization accounts to name them',
          { error: (e as Error).message },
        );
        const fallback = last?.accounts ?? configured;
        // Asked again after maxAgeMs (or the next scan), not on every page load while AWS refuses.
        latest.set(targets, { at: Date.now(), accounts: fallback });
        return fallback;
      })
      .finally(() => {
        pending = undefined;
      });
    return shown(await pending);
  };
}
