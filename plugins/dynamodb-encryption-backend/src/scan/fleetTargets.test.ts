import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';
import { ChildProcess } from 'node:child_process';
import { freePort, motoCall, startMoto } from '../testing/moto';
import { FleetTarget, resolveFleetAccounts } from './fleetTargets';

jest.setTimeout(60_000);

/** moto's default account: where the static credentials act, so the organization's management account. */
const MAIN = '123456789012';
const ROLE = 'dynamodb-encryption-reader';

describe('fleet targets from an AWS Organization, with the accounts named as it names them', () => {
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('names each account as config or the organization does', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const configured = {
      accountId: '444455556666',
      name: 'shared-services',
      regions: ['eu-west-1'],
    };
    const targets: FleetTarget[] = [
      configured,
      {
        organization: {
          roleName: ROLE,
          regions: ['us-east-1'],
          excludeAccounts: [MAIN],
        },
      },
    ];

    await motoCall(port, 'organizations', 'CreateOrganization', {
      FeatureSet: 'ALL',
    });
    const member = async (name: string) =>
      JSON.parse(
        await motoCall(port, 'organizations', 'CreateAccount', {
          AccountName: name,
          Email: `${name}@example.com`,
        }),
      ).CreateAccountStatus.AccountId as string;
    const shop = await member('shop');
    const billing = await member('billing');

    // The scan's resolution: an account both configured and in the organization keeps config's name and way
    // in, with the union of regions; the management account is excluded.
    const both: FleetTarget[] = [
      { accountId: shop, name: 'storefront', regions: ['eu-west-1'] },
      ...targets,
    ];
    const resolved = await resolveFleetAccounts(clients, both);
    expect(resolved).toEqual([
      {
        accountId: shop,
        name: 'storefront',
        regions: ['eu-west-1', 'us-east-1'],
      },
      configured,
      {
        accountId: billing,
        name: 'billing',
        regions: ['us-east-1'],
        roleName: ROLE,
      },
    ]);
  });
});
