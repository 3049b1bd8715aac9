import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import { Fleet } from './fleet';

/** The sandbox's AWS Organization: its management account and the demo fleet's accounts in it. */
export interface SeededOrganization {
  /** The sandbox's main account (where its static credentials act), which manages the organization. */
  managementAccountId: string;
  /** The organization's id (`o-…`), which resource policies name in `aws:PrincipalOrgID`. */
  organizationId: string;
  /** The members the seed created this time (0 when they were already there). */
  created: number;
}

/**
 * Puts the demo fleet's accounts into an AWS Organization managed by the sandbox's main account, so the
 * portal finds them as production does (Organizations ListAccounts). Each account is created once, by
 * name; an account that exists under its name is kept. moto gives a new account a random id unless it
 * was started through `sandbox/moto_server.py` (`scripts/moto-server`), which gives the fleet's names
 * their fixed ids: any other id is an error that says so.
 */
export async function seedOrganization(
  clients: AwsClientFactory,
  fleet: Fleet,
): Promise<SeededOrganization> {
  const organizations = await clients.organizations();
  const organization = await organizations
    .send(new DescribeOrganizationCommand({}))
    .catch(async e => {
      if ((e as Error).name !== 'AWSOrganizationsNotInUseException') throw e;
      return organizations.send(
        new CreateOrganizationCommand({ FeatureSet: 'ALL' }),
      );
    });
  const managementAccountId = organization.Organization!.MasterAccountId!;
  const organizationId = organization.Organization!.Id!;

  const existing = new Map<string, string>();
  for await (const page of paginateListAccounts(
    { client: organizations },
    {},
  )) {
    for (const a of page.Accounts ?? []) {
      if (a.Name && a.Id && !existing.has(a.Name)) existing.set(a.Name, a.Id);
    }
  }
  let created = 0;
  for (const account of fleet.accounts) {
    let id = existing.get(account.name);
    if (!id) {
      const status = await organizations.send(
        new CreateAccountCommand({
          AccountName: account.name,
          Email: `${account.name}@sandbox.example.com`,
        }),
      );
      id = status.CreateAccountStatus?.AccountId;
      created++;
    }
    if (id !== account.id) {
      throw new Error(
        `The sandbox's organization has account ${account.name} as ${id}, not ${account.id}: ` +
          `moto gives new accounts random ids unless started with scripts/moto-server ` +
          `(MOTO_ORGANIZATION_ACCOUNT_IDS): restart the sandbox that way`,
      );
    }
  }
  return { managementAccountId, organizationId, created };
}
