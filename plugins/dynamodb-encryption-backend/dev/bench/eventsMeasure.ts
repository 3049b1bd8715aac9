import { readFileSync } from 'node:fs';
import type { FleetRow } from '@dynamodb-encryption/backstage-plugin-common';
import type { EventApplier } from '../../src/events/eventApplier';
import type { FleetStore } from '../../src/store/fleetStore';

/**
 * The fewest AWS reads that apply the events: one DescribeTable per distinct table touched, the tags of each
 * table an event named (ListTagsOfResource), and each distinct key once (a customer managed key: DescribeKey,
 * ListAliases, GetKeyRotationStatus, GetKeyPolicy and ListGrants; an AWS managed one: DescribeKey and
 * ListAliases; an AWS owned one: nothing).
 */
export function eventsFloor(input: {
  /** The rows (as the scan stored them) of the tables a key change touched, and of those an event named. */
  keyTables: FleetRow[];
  namedTables: FleetRow[];
}) {
  const keyReads = (keyType: string) =>
    ({ CUSTOMER_MANAGED: 5, AWS_MANAGED: 2 }[keyType] ?? 0);
  const tables = new Set(
    [...input.keyTables, ...input.namedTables].map(r => r.table.arn),
  );
  const keys = new Map<string, number>();
  for (const r of [...input.keyTables, ...input.namedTables]) {
    if (r.encryption.kmsKeyArn)
      keys.set(
        `${r.table.accountId} ${r.encryption.kmsKeyArn}`,
        keyReads(r.encryption.keyType),
      );
  }
  const keyTotal = [...keys.values()].reduce((a, b) => a + b, 0);
  return {
    tables: tables.size,
    tags: input.namedTables.length,
    keys: keys.size,
    keyReads: keyTotal,
    total: tables.size + input.namedTables.length + keyTotal,
  };
}

/**
 * Where the applier's time goes: each store call it makes, timed (ms in all, and calls), and each batch
 * applied (messages, tables re-read, ms).
 */
export function profileApplier(applier: EventApplier, store: FleetStore) {
  const ms: Record<string, { ms: number; calls: number }> = {};
  const batches: { changes: number; tables: number; ms: number }[] = [];
  const time = (name: string, target: any, method: string) => {
    if (typeof target[method] !== 'function') return;
    const original = target[method].bind(target);
    target[method] = async (...args: any[]) => {
      const s = performance.now();
      try {
        return await original(...args);
      } finally {
        const entry = (ms[name] ??= { ms: 0, calls: 0 });
        entry.ms += performance.now() - s;
        entry.calls++;
      }
    };
  };
  for (const m of [
    'rowsOfKeys',
    'contextFor',
    'contextsFor',
    'store',
    'remove',
  ])
    time(`eventRows.${m}`, store.eventRows, m);
  for (const m of ['latestRows', 'refreshSummary', 'snapshotId'])
    time(`store.${m}`, store, m);
  time('eventLog.record', store.eventLog, 'record');
  const apply = applier.apply.bind(applier);
  applier.apply = async changes => {
    const s = performance.now();
    const applied = await apply(changes);
    batches.push({
      changes: changes.length,
      tables: applied.tables,
      ms: performance.now() - s,
    });
    return applied;
  };
  return { ms, batches };
}

/** A repeatable order (mulberry32): SQS does not keep the order events were sent in. */
export function shuffled<T>(items: T[], seed = 23): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * CPU seconds every process on the machine has used so far (busy time of /proc/stat): against this
 * process's and the sandbox's own, what else ran during a measurement.
 */
export function machineCpuSeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / 100;
}
