/**
 * Closed-loop HTTP load for the benchmarks: a number of clients, each sending one request after the other, and
 * the latency figures of what they saw.
 */

/** What one route saw during one round. */
export interface Load {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: number;
}

/** A route's figures over all its rounds. */
export interface Summary {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  failures: number;
  seconds: number;
}

/**
 * `clients` loops, each sending one request after the other until `seconds` have passed. `inspect` sees each
 * successful answer's body (read as text) when given; otherwise the body is read and dropped. A request that
 * fails to connect counts as a failure, with the time it took.
 */
export async function round(
  request: () => Promise<Response>,
  clients: number,
  seconds: number,
  inspect?: (body: string) => void,
): Promise<Load> {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const res = await request();
          if (inspect && res.ok) inspect(await res.text());
          else await res.arrayBuffer();
          if (!res.ok) failures++;
        } catch {
          failures++;
        }
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

/** The nearest-rank percentile `p` (0–100) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
}

/** Throughput over the time the route was loaded, and latency percentiles over all its requests. */
export function summarize(loads: Load[]): Summary {
  const latencies = loads.flatMap(l => l.latencies).sort((a, b) => a - b);
  const requests = loads.reduce((n, l) => n + l.requests, 0);
  const seconds = loads.reduce((n, l) => n + l.seconds, 0);
  return {
    rps: requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    requests,
    failures: loads.reduce((n, l) => n + l.failures, 0),
    seconds,
  };
}
