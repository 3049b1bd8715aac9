import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AwsClientFactory } from './awsClients';

/**
 * An account of the AWS Organization, as Organizations ListAccounts names it.
 *
 * @public
 */
export interface OrganizationAccount {
  accountId: string;
  /** The account's name in the organization (what people call it; the dashboard shows it). */
  name?: string;
}

/**
 * The ACTIVE accounts of the AWS Organization the main account belongs to: Organizations ListAccounts,
 * every page, with the main account's credentials (`organizations:ListAccounts`; the management account
 * or a delegated administrator). Suspended and closing accounts are left out.
 *
 * @public
 */
export async function listActiveOrganizationAccounts(
  clients: AwsClientFactory,
): Promise<OrganizationAccount[]> {
  const client = await clients.organizations();
  const accounts: OrganizationAccount[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        if (account.Id && account.Status === 'ACTIVE')
          accounts.push({ accountId: account.Id, name: account.Name });
      }
    }
  } catch (e) {
    const { name, message } = e as Error;
    throw new Error(
      `organizations:ListAccounts failed: ${name ?? 'Error'}: ${message}`,
    );
  }
  return accounts;
}
