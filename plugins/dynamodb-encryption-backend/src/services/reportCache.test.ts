import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { ReadThroughCache } from './reportCache';

function setup(ttlMs = 60_000) {
  const cache = mockServices.cache.mock();
  const store = new Map<string, unknown>();
  cache.get.mockImplementation(async key => store.get(key) as any);
  cache.set.mockImplementation(async (key, value) => {
    store.set(key, value);
  });
  return {
    cache,
    store,
    reads: new ReadThroughCache<{ n: number }>(cache, {
      ttlMs,
      staleTtlMs: 600_000,
    }),
  };
}

describe('ReadThroughCache', () => {
  it('shares one source call between concurrent cold reads', async () => {
    const { reads } = setup();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const load = async () => {
      calls++;
      await gate;
      return { n: calls };
    };
    const all = Promise.all([
      reads.get('t', load),
      reads.get('t', load),
      reads.get('t', load),
    ]);
    await new Promise(r => setTimeout(r, 10));
    release();
    const results = await all;
    expect(calls).toBe(1);
    expect(results.map(r => r.value.n)).toEqual([1, 1, 1]);
  });

  it('serves the cached value without calling the source again', async () => {
    const { reads } = setup();
    const load = jest.fn().mockResolvedValue({ n: 1 });
    await reads.get('t', load);
    const second = await reads.get('t', load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second.stale).toBe(false);
  });

  it('serves the last value marked stale when the source is unavailable', async () => {
    const { reads, store } = setup();
    await reads.get('t', async () => ({ n: 1 }));
    store.delete('fresh:t');
    const served = await reads.get('t', async () => {
      throw new ServiceUnavailableError('AWS did not answer');
    });
    expect(served).toMatchObject({
      value: { n: 1 },
      stale: true,
      staleReason: 'AWS did not answer',
    });
  });

  it('passes other errors through, and unavailability when nothing was read before', async () => {
    const { reads } = setup();
    await expect(
      reads.get('t', async () => Promise.reject(new Error('bug'))),
    ).rejects.toThrow('bug');
    await expect(
      reads.get('u', async () =>
        Promise.reject(new ServiceUnavailableError('down')),
      ),
    ).rejects.toThrow('down');
  });
});
