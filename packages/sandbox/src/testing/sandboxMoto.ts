import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '@dynamodb-encryption/backstage-plugin-node/testUtils';

const ROOT = resolvePackagePath('@internal/sandbox', '../..');

/**
 * The sandbox's own moto launcher (`scripts/moto-server`: the demo accounts' fixed ids, EventBridge envelopes
 * delivered as AWS does) on a port of the test's own, so no other test reads its queue. `env` adds to or
 * overrides the launcher's environment.
 */
export async function startSandboxMoto(
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; endpoint: string }> {
  const port = await freePort();
  const inherited = { ...process.env };
  // The launcher derives the ids from the demo fleet unless the variable is set: the test decides.
  delete inherited.MOTO_ORGANIZATION_ACCOUNT_IDS;
  const child = spawn(
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

/** The demo fleet file. */
export const DEMO_FLEET_FILE = resolve(ROOT, 'sandbox/demo-fleet.yaml');
