import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fleetEntities, renderEntities, sandboxGuestEntities } from './catalog';
import { loadFleet } from './fleet';
import { applicationPath, writeGitOps } from './gitops';
import { isMove, MOVES_USAGE, parseMoveArgs, runMove } from './moves';
import { watchRepository } from './reconciler';
import { seedFleet } from './seed';

// The sandbox works on this repository's own files (the demo fleet, sandbox/generated).
const repoRoot = resolvePackagePath('@internal/sandbox', '../..');

async function waitForEndpoint(endpoint: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `The sandbox at ${endpoint} did not answer within ${timeoutMs / 1000}s`,
      );
    await new Promise(r => setTimeout(r, 500));
  }
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const endpoint = process.env.SANDBOX_ENDPOINT ?? 'http://127.0.0.1:4566';
  const generated =
    process.env.SANDBOX_GENERATED_DIR ?? resolve(repoRoot, 'sandbox/generated');
  const fleetFile =
    process.env.FLEET_FILE ?? resolve(repoRoot, 'sandbox/demo-fleet.yaml');
  if (isMove(command)) {
    // `yarn workspace` runs scripts in the package: a relative --policy-file is then the repository root's.
    const cwd = process.env.PROJECT_CWD ?? process.cwd();
    const request = await parseMoveArgs(command, args, path =>
      readFile(resolve(cwd, path), 'utf8'),
    );
    await waitForEndpoint(endpoint, 5_000);
    const result = await runMove(endpoint, await loadFleet(fleetFile), request);
    console.log(
      `${command} in ${result.accountId} ${result.region}: ${result.summary}; ` +
        `its CloudTrail event ${result.record.eventName} (EventBridge id ${result.eventId}) is on the account's default bus`,
    );
    return;
  }
  if (command === 'reconcile') {
    await waitForEndpoint(endpoint);
    await watchRepository(
      {
        endpoint,
        dir: resolve(generated, 'gitops'),
        defaultAccountId: process.env.SANDBOX_DEFAULT_ACCOUNT ?? '111111111111',
      },
      message => console.log(message),
    );
    return;
  }
  if (command !== 'seed') {
    console.error(
      `usage: cli.ts seed|reconcile   (env: SANDBOX_ENDPOINT, FLEET_FILE, SANDBOX_GENERATED_DIR, SANDBOX_GITOPS_PORT)\n${MOVES_USAGE}`,
    );
    process.exit(2);
  }
  const catalogOut = resolve(generated, 'demo-fleet.catalog.yaml');
  const gitopsDir = resolve(generated, 'gitops');
  // The GitOps folder is served over HTTP so the backend reads manifests with its UrlReader, as from a Git host.
  const gitopsUrl = `http://127.0.0.1:${
    process.env.SANDBOX_GITOPS_PORT ?? '4580'
  }`;
  await waitForEndpoint(endpoint);
  const fleet = await loadFleet(fleetFile);
  const result = await seedFleet(endpoint, fleet);
  await mkdir(dirname(catalogOut), { recursive: true });
  await writeGitOps(gitopsDir, fleet, result.keyArns);
  await writeFile(
    catalogOut,
    renderEntities([
      ...fleetEntities(
        fleet,
        result,
        name => `${gitopsUrl}/${applicationPath(name)}`,
      ),
      ...sandboxGuestEntities(),
    ]),
  );
  console.log(
    `Seeded ${endpoint}: an organization managed by ${result.organization.managementAccountId} with ` +
      `${fleet.accounts.length} accounts (${result.created.accounts} new), ${fleet.keys.length} keys (${result.created.keys} new), ` +
      `${fleet.tables.length} tables (${result.created.tables} new), AWS events to ${result.events.queueUrl} ` +
      `(${result.events.rules.length} forwarding rules); catalog written to ${catalogOut}`,
  );
}

main().catch(e => {
  const what = isMove(process.argv[2]) ? process.argv[2] : 'Seeding';
  console.error(`${what} failed: ${e instanceof Error ? e.message : e}`);
  if (process.env.DEBUG) console.error(e);
  process.exit(1);
});
