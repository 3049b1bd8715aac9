import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { loadFleet } from './fleet';
import { seedOrganization } from './organization';
import { sandboxClients, seedFleet } from './seed';
import { freePort } from '@dynamodb-encryption/backstage-plugin-node/testUtils';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../..');

/** The sandbox's own moto launcher (scripts/moto-server), on a port of this test's own. */
async function startSandboxMoto(env: Record<string, string> = {}) {
  const port = await freePort();
  const inherited = { ...process.env };
  // The launcher derives the ids from the demo fleet unless the variable is set: this test decides.
  delete inherited.MOTO_ORGANIZATION_ACCOUNT_IDS;
  const child: ChildProcess = spawn(
    resolve(ROOT, 'scripts/moto-server'),
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore', env: { ...inherited, ...env } },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    const up = await fetch(`${endpoint}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (up) return { child, endpoint };
    await new Promise(r => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`scripts/moto-server did not start on ${port}`);
}

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
    const fleet = await loadFleet(resolve(ROOT, 'sandbox/demo-fleet.yaml'));

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
    const fleet = await loadFleet(resolve(ROOT, 'sandbox/demo-fleet.yaml'));
    await expect(
      seedOrganization(sandboxClients(endpoint), fleet),
    ).rejects.toThrow(
      /account platform-prod as \d{12}, not 111111111111: .*scripts\/moto-server/,
    );
  });
});
