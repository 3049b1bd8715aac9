/* eslint-disable no-console */
/**
 * Benchmark: the warm entity report (GET /api/dynamodb-encryption/entities/:namespace/:kind/:name/encryption)
 * against the catalog's by-name read of the same entity, side by side in one run against one backend (started
 * by `scripts/bench-report.sh`). Each route gets `CLIENTS` concurrent clients in alternating rounds, so drift
 * on a shared machine hits both alike, for `BENCH_SECONDS` of load each.
 *
 * The run is long enough to cross every lifetime a warm report reuses, so a value that expires with every
 * waiting request stalled shows in the p99: the report's assessment and manifest (`REPORT_TTL_SECONDS`, which
 * the script also gives the backend), the catalog entity (30 s) and the Application status (5 s). The run
 * checks that it did: it needs `BENCH_SECONDS` of at least three times the longest lifetime, and it counts the
 * report's distinct `fetchedAt` values it saw (each one a refresh of the assessment under load).
 *
 * Prints requests per second, p50 and p99 latency of each route, their ratios, and the 1-minute load
 * average at start and end: figures taken on a busy machine are not results.
 */
import os from 'node:os';
import { Load, round, summarize, Summary } from './load';

const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7307';
const CLIENTS = Number(process.env.CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 90);
const ROUND_SECONDS = Number(process.env.ROUND_SECONDS ?? 10);
const ENTITY = process.env.BENCH_ENTITY ?? 'order-items';
/** The report's cache lifetime in the portal under test (dynamodbEncryption.cache.ttlSeconds). */
const REPORT_TTL_SECONDS = Number(process.env.REPORT_TTL_SECONDS ?? 300);
/** What a warm report reuses, and for how long (seconds), as the backend plugin sets it. */
const LIFETIMES: Record<string, number> = {
  'report assessment and manifest (config)': REPORT_TTL_SECONDS,
  'catalog entity': 30,
  'Application status': 5,
};
const TARGETS = { throughput: 0.8, p99: 1.5 };

const CATALOG = 'catalog by-name read';
const REPORT = 'entity report (warm)';

function loadAverage(): string {
  return `${os.loadavg()[0].toFixed(2)} (1-minute load average, ${
    os.cpus().length
  } cores)`;
}

function line(name: string, r: Summary): string {
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  return `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${ms(
    r.p50,
  )}   p99 ${ms(r.p99)}   max ${ms(r.max)}   (${
    r.requests
  } requests in ${r.seconds.toFixed(0)} s, ${r.failures} failed)`;
}

async function main() {
  const longest = Math.max(...Object.values(LIFETIMES));
  if (SECONDS < 3 * longest)
    throw new Error(
      `BENCH_SECONDS=${SECONDS} does not cross the longest lifetime (${longest} s) three times: ` +
        `raise BENCH_SECONDS or lower REPORT_TTL_SECONDS`,
    );
  console.log(`start: ${loadAverage()}`);

  const refresh = await fetch(`${BACKEND}/api/auth/guest/refresh`);
  const token = (await refresh.json()).backstageIdentity.token as string;
  const headers = { authorization: `Bearer ${token}` };
  const routes: Record<string, () => Promise<Response>> = {
    [CATALOG]: () =>
      fetch(
        `${BACKEND}/api/catalog/entities/by-name/resource/default/${ENTITY}`,
        { headers },
      ),
    [REPORT]: () =>
      fetch(
        `${BACKEND}/api/dynamodb-encryption/entities/default/resource/${ENTITY}/encryption`,
        { headers },
      ),
  };
  // Each answer's `fetchedAt`: a new one is the assessment refreshed while the route was under load.
  const fetchedAt = new Set<string>();
  let seen = 0;
  const inspect: Record<string, ((body: string) => void) | undefined> = {
    [REPORT]: body => {
      if (seen++ % 10 === 0) fetchedAt.add(JSON.parse(body).fetchedAt);
    },
  };

  // Warm: the report is read from AWS once and cached; every route's code paths are compiled.
  for (const [name, request] of Object.entries(routes)) {
    const res = await request();
    if (!res.ok)
      throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
    await round(request, CLIENTS, 2);
  }
  fetchedAt.clear();

  const rounds = Math.ceil(SECONDS / ROUND_SECONDS);
  const loads: Record<string, Load[]> = {};
  const started = performance.now();
  for (let r = 0; r < rounds; r++)
    for (const [name, request] of Object.entries(routes))
      (loads[name] ??= []).push(
        await round(request, CLIENTS, ROUND_SECONDS, inspect[name]),
      );
  const wall = (performance.now() - started) / 1000;

  const catalog = summarize(loads[CATALOG]);
  const report = summarize(loads[REPORT]);
  console.log(
    `${CLIENTS} concurrent clients, ${rounds} alternating rounds of ${ROUND_SECONDS} s per route ` +
      `(${wall.toFixed(0)} s in all), entity resource:default/${ENTITY}`,
  );
  console.log(line(CATALOG, catalog));
  console.log(line(REPORT, report));
  const throughput = report.rps / catalog.rps;
  const p99 = report.p99 / catalog.p99;
  console.log(
    `report / catalog: throughput ${throughput.toFixed(2)} (target >= ${
      TARGETS.throughput
    }), p99 ${p99.toFixed(2)} (target <= ${TARGETS.p99}), p50 ${(
      report.p50 / catalog.p50
    ).toFixed(2)}`,
  );
  console.log(
    `lifetimes crossed in ${wall.toFixed(0)} s: ${Object.entries(LIFETIMES)
      .map(([what, s]) => `${what} ${s} s ×${Math.floor(wall / s)}`)
      .join(', ')}; report refreshes seen under load: ${fetchedAt.size - 1} (${
      fetchedAt.size
    } distinct fetchedAt)`,
  );
  console.log(`end: ${loadAverage()}`);
  if (report.failures || catalog.failures) process.exitCode = 1;
  if (fetchedAt.size < 2) {
    console.log(
      'The report was never refreshed under load: its lifetime was not crossed (lower REPORT_TTL_SECONDS).',
    );
    process.exitCode = 1;
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
