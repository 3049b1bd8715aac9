/* eslint-disable no-console -- a benchmark's measuring tools */
import type { AwsClientFactory } from '@dynamodb-encryption/backstage-plugin-node';
import { readFileSync } from 'node:fs';
import type { FleetStore } from '../../src/store/fleetStore';

/** Peak memory of this process while a benchmark runs, sampled every 50 ms (or once a second, live). */
export function memorySampler() {
  const peak = { rss: 0, heap: 0 };
  // BENCH_LIVE_HEAP=1 (with --expose-gc): the heap is measured after a full collection once a second, so
  // its peak is live memory, not garbage the collector has not reached yet (slower: not for time figures).
  const liveHeap = !!process.env.BENCH_LIVE_HEAP && !!global.gc;
  const timer = setInterval(
    () => {
      if (liveHeap) global.gc!();
      const { rss, heapUsed } = process.memoryUsage();
      peak.rss = Math.max(peak.rss, rss);
      peak.heap = Math.max(peak.heap, heapUsed);
    },
    liveHeap ? 1000 : 50,
  );
  return {
    peak,
    liveHeap,
    reset() {
      peak.rss = 0;
      peak.heap = 0;
    },
    stop: () => clearInterval(timer),
  };
}

/** A logger that says nothing: the benchmark prints its own figures. */
export const quiet = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => quiet,
} as any;

/** CPU seconds a process has used so far (user + system), from /proc: the AWS sandbox's own work. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function p95(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.95) - 1];
}

/** Times the store's writes (ms per method) and notes when the scan starts assessing (its step 2). */
export function profileStore(store: FleetStore) {
  const storeMs: Record<string, number> = {};
  let assessFrom = 0;
  const read = store.stage.read.bind(store.stage);
  store.stage.read = (...args) => {
    assessFrom ||= performance.now();
    return read(...args);
  };
  for (const m of ['addRows', 'progress'] as const) {
    const original = (store as any)[m].bind(store);
    (store as any)[m] = async (...args: any[]) => {
      const s = performance.now();
      try {
        return await original(...args);
      } finally {
        storeMs[m] = (storeMs[m] ?? 0) + performance.now() - s;
      }
    };
  }
  return { storeMs, assessStart: () => assessFrom };
}

/** Times every AWS command the clients send (ms per command name, BENCH_PROFILE). */
export function profileClients(clients: AwsClientFactory) {
  const awsMs: Record<string, number> = {};
  for (const kind of ['dynamodb', 'kms', 'tagging'] as const) {
    const original = clients[kind].bind(clients);
    (clients as any)[kind] = async (t: any) => {
      const c: any = await original(t);
      c.middlewareStack.add(
        (next: any, context: any) => async (args: any) => {
          const s = performance.now();
          try {
            return await next(args);
          } finally {
            awsMs[context.commandName] =
              (awsMs[context.commandName] ?? 0) + performance.now() - s;
          }
        },
        { step: 'initialize', name: 'benchTimer', override: true },
      );
      return c;
    };
  }
  return awsMs;
}
