import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { ChildProcess } from 'node:child_process';
import { loadFleet } from './fleet';
import { seedOrganization } from './organization';
import { sandboxClients, seedFleet } from './seed';
import { DEMO_FLEET_FILE, startSandboxMoto } from './testing/sandboxMoto';

jest.setTimeout(120_000);

async function listAccounts(endpoint: string) {
  const client = await sandboxClients(endpoint).organizations();
  const accounts: Array<{ name?: string; id?: string; status?: string }> = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const a of page.Accounts ?? [])
      accounts.push({ name: a.Name, id: a.Id, status: a.Status });
  }
  return accounts;
}

describe('the sandbox organization', () => {
  const started: ChildProcess[] = [];
  afterAll(() => started.forEach(c => c.kill()));

  it('holds the demo accounts under their fixed ids, by name, managed by the main account; seeding again changes nothing', async () => {
    const { child, endpoint } = await startSandboxMoto();
    started.push(child);
    const fleet = await loadFleet(DEMO_FLEET_FILE);

    const first = await seedFleet(endpoint, fleet);
    expect(first.created.accounts).toBe(2);
    const second = await seedFleet(endpoint, fleet);
    expect(second.created).toEqual({ accounts: 0, keys: 0, tables: 0 });

    const management = first.organization.managementAccountId;
    // Where the sandbox's static credentials act: moto's default account.
    expect(management).toBe('123456789012');
    const accounts = await listAccounts(endpoint);
    expect(accounts).toHaveLength(3);
    expect(accounts).toEqual(
      expect.arrayContaining([
        { name: 'platform-prod', id: '111111111111', status: 'ACTIVE' },
        { name: 'payments-prod', id: '222222222222', status: 'ACTIVE' },
        expect.objectContaining({ id: management, status: 'ACTIVE' }),
      ]),
    );
  });

  it('refuses, naming the launcher, a moto that gave the accounts random ids', async () => {
    const { child, endpoint } = await startSandboxMoto({
      MOTO_ORGANIZATION_ACCOUNT_IDS: '',
    });
    started.push(child);
    const fleet = await loadFleet(DEMO_FLEET_FILE);
    await expect(
      seedOrganization(sandboxClients(endpoint), fleet),
    ).rejects.toThrow(
      /account platform-prod as \d{12}, not 111111111111: .*scripts\/moto-server/,
    );
  });
});
