import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@internal/plugin-dynamodb-encryption-node';
import { ChildProcess } from 'node:child_process';
import { freePort, motoCall, motoRecorder, startMoto } from '../testing/moto';
import {
  FleetTarget,
  fleetAccountsShown,
  resolveFleetAccounts,
} from './fleetTargets';

jest.setTimeout(60_000);

/** moto's default account: where the static credentials act, so the organization's management account. */
const MAIN = '123456789012';
const ROLE = 'dynamodb-encryption-reader';

describe('fleet targets from an AWS Organization, with the accounts named as it names them', () => {
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('names each account as config or the organization does, and names them on the dashboard without asking AWS each time', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const clients = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    const recorder = motoRecorder(port);
    const listAccountsCalls = async (fn: () => Promise<unknown>) => {
      await recorder.start();
      await fn();
      return (await recorder.stop()).filter(r => r.action === 'ListAccounts')
        .length;
    };
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

    // A replica that has not scanned lists the accounts once, then answers from what it listed.
    const shown = fleetAccountsShown(clients, targets);
    let first: unknown;
    expect(
      await listAccountsCalls(async () => {
        first = await shown();
      }),
    ).toBe(1);
    expect(first).toEqual([
      configured,
      { accountId: shop, name: 'shop', regions: ['us-east-1'] },
      { accountId: billing, name: 'billing', regions: ['us-east-1'] },
    ]);
    expect(await listAccountsCalls(shown)).toBe(0);

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
    // The dashboard then shows the scan's accounts (without the role) and asks AWS nothing.
    let named: unknown;
    expect(
      await listAccountsCalls(async () => {
        named = await fleetAccountsShown(clients, both)();
      }),
    ).toBe(0);
    expect(named).toEqual(resolved.map(({ roleName, ...account }) => account));
    // Once that is older than maxAgeMs, it lists them again.
    expect(
      await listAccountsCalls(
        fleetAccountsShown(clients, both, { maxAgeMs: 0 }),
      ),
    ).toBe(1);

    // When AWS refuses (moto checks credentials from now on, and knows none of the sandbox's), the
    // dashboard still names the accounts it knew, else those config names, says why in the log, and does
    // not ask again on every page load.
    await fetch(`${endpoint}/moto-api/reset-auth`, {
      method: 'POST',
      body: '0',
    });
    const logger = mockServices.logger.mock();
    const stale = fleetAccountsShown(clients, both, { logger, maxAgeMs: 0 });
    expect(await stale()).toEqual(named);
    const fresh = fleetAccountsShown(clients, [...targets], { logger });
    expect(await fresh()).toEqual([configured]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not list the organization accounts to name them',
      { error: expect.stringMatching(/^organizations:ListAccounts failed/) },
    );
    expect(await listAccountsCalls(fresh)).toBe(0);
  });
});
