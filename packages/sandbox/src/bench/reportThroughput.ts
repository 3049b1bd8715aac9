/* eslint-disable no-console */
/**
 * Benchmark: a warm (cached) entity report against the catalog's by-name read of the same entity, side by side
 * in one run against one portal (started by `scripts/bench-report.sh`). Each route gets the same number of
 * concurrent clients for the same time, in alternating rounds so drift on a shared machine hits both alike.
 * Prints requests per second and p95 latency of each, and their ratios. The permission backend's own
 * decision endpoint is measured too: the report checks permissions on every request, so that call is part of
 * its floor.
 */

const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7107';
const CLIENTS = Number(process.env.CLIENTS ?? 50);
const ROUND_SECONDS = Number(process.env.ROUND_SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ENTITY = process.env.BENCH_ENTITY ?? 'order-items';

interface Load {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: number;
}

/** `CLIENTS` loops, each sending one request after the other until the round ends. */
async function round(
  request: () => Promise<Response>,
  seconds: number,
): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await request();
        await res.arrayBuffer();
        if (!res.ok) failures++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return {
    requests: latencies.length,
    seconds: (performance.now() - start) / 1000,
    latencies,
    failures,
  };
}

function merge(loads: Load[]) {
  const latencies = loads.flatMap(l => l.latencies).sort((a, b) => a - b);
  const requests = loads.reduce((n, l) => n + l.requests, 0);
  const seconds = loads.reduce((n, l) => n + l.seconds, 0);
  return {
    rps: requests / seconds,
    p95: latencies[Math.floor(latencies.length * 0.95)],
    requests,
    failures: loads.reduce((n, l) => n + l.failures, 0),
  };
}

async function main() {
  const refresh = await fetch(`${BACKEND}/api/auth/guest/refresh`);
  const token = (await refresh.json()).backstageIdentity.token as string;
  const headers = { authorization: `Bearer ${token}` };
  const routes: Record<string, () => Promise<Response>> = {
    'catalog by-name read': () =>
      fetch(
        `${BACKEND}/api/catalog/entities/by-name/resource/default/${ENTITY}`,
        { headers },
      ),
    'entity report (warm)': () =>
      fetch(
        `${BACKEND}/api/dynamodb-encryption/entities/default/resource/${ENTITY}/encryption`,
        { headers },
      ),
    'permission decision': () =>
      fetch(`${BACKEND}/api/permission/authorize`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          items: [
            {
              id: '1',
              permission: {
                type: 'resource',
                name: 'dynamodb-encryption.table.read',
                attributes: { action: 'read' },
                resourceType: 'catalog-entity',
              },
              resourceRef: `resource:default/${ENTITY}`,
            },
          ],
        }),
      }),
  };
  // Warm: the report is read from AWS once and cached; every route's code paths are compiled.
  for (const [name, request] of Object.entries(routes)) {
    const res = await request();
    if (!res.ok)
      throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
    await round(request, 1);
  }
  const loads: Record<string, Load[]> = {};
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, request] of Object.entries(routes))
      (loads[name] ??= []).push(await round(request, ROUND_SECONDS));

  const results = Object.fromEntries(
    Object.entries(loads).map(([name, l]) => [name, merge(l)]),
  );
  console.log(
    `${CLIENTS} concurrent clients, ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s per route, entity resource:default/${ENTITY}`,
  );
  for (const [name, r] of Object.entries(results))
    console.log(
      `${name.padEnd(24)} ${r.rps
        .toFixed(0)
        .padStart(6)} requests/s   p95 ${r.p95.toFixed(0).padStart(5)} ms   (${
        r.requests
      } requests, ${r.failures} failed)`,
    );
  const catalog = results['catalog by-name read'];
  const report = results['entity report (warm)'];
  const throughput = report.rps / catalog.rps;
  const p95 = report.p95 / catalog.p95;
  console.log(
    `report / catalog: throughput ${throughput.toFixed(
      2,
    )} (target >= 0.80), p95 ${p95.toFixed(2)} (target <= 1.50)`,
  );
  if (report.failures || catalog.failures) process.exitCode = 1;
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
