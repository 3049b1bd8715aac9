import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AwsClientFactory } from './awsClients';

/**
 * The ACTIVE accounts of the AWS Organization the main account belongs to: Organizations ListAccounts,
 * every page, with the main account's credentials (`organizations:ListAccounts`; the management account
 * or a delegated administrator). Suspended and closing accounts are left out.
 */
export async function listActiveOrganizationAccounts(
  clients: AwsClientFactory,
): Promise<string[]> {
  const client = await clients.organizations();
  const ids: string[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        if (account.Id && account.Status === 'ACTIVE') ids.push(account.Id);
      }
    }
  } catch (e) {
    const { name, message } = e as Error;
    throw new Error(
      `organizations:ListAccounts failed: ${name ?? 'Error'}: ${message}`,
    );
  }
  return ids;
}
