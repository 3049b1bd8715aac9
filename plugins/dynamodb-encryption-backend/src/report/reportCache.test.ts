import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { memoryStore, ReadThroughCache } from './reportCache';

const TTL = 60_000;
const MAX_AGE = 120_000;
const STALE_TTL = 600_000;
const RETRY = 5_000;

function setup() {
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const logger = mockServices.logger.mock();
  const reads = new ReadThroughCache<{ n: number }>(memoryStore(), {
    ttlMs: TTL,
    maxAgeMs: MAX_AGE,
    staleTtlMs: STALE_TTL,
    retryAfterMs: RETRY,
    now: () => clock,
    logger,
  });
  return {
    reads,
    logger,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

/** A source whose calls are counted and answer only when released. */
function gatedSource() {
  let calls = 0;
  const releases: Array<(outcome: { n: number } | Error) => void> = [];
  const load = () => {
    calls++;
    return new Promise<{ n: number }>((resolve, reject) =>
      releases.push(o => (o instanceof Error ? reject(o) : resolve(o))),
    );
  };
  return {
    load,
    calls: () => calls,
    release: (outcome: { n: number } | Error) => releases.shift()!(outcome),
  };
}

/** Settles pending promise callbacks (the clock is ours, timers are not involved). */
const flush = () => new Promise(r => setImmediate(r));

/** Whether `promise` settled by now, without waiting for it. */
async function settled(promise: Promise<unknown>) {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await flush();
  return done;
}

describe('ReadThroughCache', () => {
  it('shares one source call between concurrent cold reads', async () => {
    const { reads } = setup();
    const source = gatedSource();
    const all = Promise.all([1, 2, 3].map(() => reads.get('t', source.load)));
    await flush();
    source.release({ n: 1 });
    expect((await all).map(r => r.value.n)).toEqual([1, 1, 1]);
    expect(source.calls()).toBe(1);
  });

  it('serves a value younger than its TTL without calling the source', async () => {
    const { reads, advance } = setup();
    const load = jest.fn().mockResolvedValue({ n: 1 });
    await reads.get('t', load);
    advance(TTL - 1);
    expect(await reads.get('t', load)).toMatchObject({ stale: false });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('at expiry, starts exactly one refresh and none of the concurrent reads waits for it', async () => {
    const { reads, advance } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    advance(TTL);
    const source = gatedSource();
    const served = await Promise.all(
      Array.from({ length: 50 }, () => reads.get('t', source.load)),
    );
    // All 50 answered while the refresh is still pending, with the current value.
    expect(served.map(s => s.value.n)).toEqual(Array(50).fill(1));
    expect(served.every(s => !s.stale)).toBe(true);
    expect(source.calls()).toBe(1);

    source.release({ n: 2 });
    await flush();
    expect((await reads.get('t', source.load)).value.n).toBe(2);
    expect(source.calls()).toBe(1);
  });

  it('keeps the current value when a refresh fails, logs it, and retries after the back-off', async () => {
    const { reads, logger, advance } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    advance(TTL);
    const source = gatedSource();
    await reads.get('t', source.load);
    source.release(new Error('Git answered 500'));
    await flush();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not refresh a cached value; the current one is kept',
      expect.objectContaining({ key: 't', error: 'Git answered 500' }),
    );

    // Served at once, marked stale with why; no new call within the back-off.
    advance(RETRY - 1);
    expect(await reads.get('t', source.load)).toMatchObject({
      value: { n: 1 },
      stale: true,
      staleReason: 'Git answered 500',
    });
    expect(source.calls()).toBe(1);

    advance(1);
    expect((await reads.get('t', source.load)).value.n).toBe(1);
    expect(source.calls()).toBe(2);
    source.release({ n: 2 });
    await flush();
    expect(await reads.get('t', source.load)).toMatchObject({
      value: { n: 2 },
      stale: false,
    });
  });

  it('never serves a value past its maximum age: reads wait for the source, all for one call', async () => {
    const { reads, advance } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    advance(MAX_AGE);
    const source = gatedSource();
    const waiting = Promise.all([
      reads.get('t', source.load),
      reads.get('t', source.load),
    ]);
    expect(await settled(waiting)).toBe(false);
    source.release({ n: 2 });
    expect((await waiting).map(s => s.value.n)).toEqual([2, 2]);
    expect(source.calls()).toBe(1);
  });

  it('after failed refreshes, stops serving the value at its maximum age and answers with the error', async () => {
    const { reads, advance } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    advance(TTL);
    const gone = new Error('Table not found');
    await reads.get('t', async () => Promise.reject(gone));
    await flush();
    advance(MAX_AGE - TTL - 1);
    expect(
      (await reads.get('t', async () => Promise.reject(gone))).value.n,
    ).toBe(1);
    advance(1);
    await expect(
      reads.get('t', async () => Promise.reject(gone)),
    ).rejects.toThrow('Table not found');
  });

  it('serves the value marked stale while the source is unavailable, without waiting, up to the hard maximum', async () => {
    const { reads, advance } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    advance(MAX_AGE);
    const down = () =>
      Promise.reject(new ServiceUnavailableError('AWS did not answer'));
    // The first read past the maximum age waits for the source, which is down.
    expect(await reads.get('t', down)).toMatchObject({
      value: { n: 1 },
      stale: true,
      staleReason: 'AWS did not answer',
    });
    // Later ones do not wait: a retry runs in the background.
    advance(RETRY);
    const source = gatedSource();
    expect(await reads.get('t', source.load)).toMatchObject({ stale: true });
    expect(source.calls()).toBe(1);
    source.release(new ServiceUnavailableError('AWS did not answer'));
    await flush();

    advance(STALE_TTL - MAX_AGE - RETRY);
    await expect(reads.get('t', down)).rejects.toThrow('AWS did not answer');
  });

  it('never stores a failed read: the next read asks the source again', async () => {
    const { reads } = setup();
    await expect(
      reads.get('t', async () => Promise.reject(new Error('bug'))),
    ).rejects.toThrow('bug');
    await expect(
      reads.get('t', async () =>
        Promise.reject(new ServiceUnavailableError('down')),
      ),
    ).rejects.toThrow('down');
    expect((await reads.get('t', async () => ({ n: 3 }))).value.n).toBe(3);
  });

  it('forgets a value on request: the next read waits for the source', async () => {
    const { reads } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    await reads.forget('t');
    expect((await reads.get('t', async () => ({ n: 2 }))).value.n).toBe(2);
  });
});
