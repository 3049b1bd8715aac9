import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createEntityAccess,
  ENTITY_MAX_AGE_MS,
  ENTITY_REUSE_MS,
} from './entityAccess';

const table = (title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders', namespace: 'default', title },
  spec: { type: 'dynamodb-table' },
});
const ref = { kind: 'Resource', namespace: 'default', name: 'orders' };
const user = mockCredentials.user();
const flush = () => new Promise(r => setImmediate(r));

/** Entity access on our clock, over a catalog whose reads answer only when released. */
function setup() {
  let clock = 1_000_000;
  const pending: Array<(e: Entity | undefined | Error) => void> = [];
  const getEntityByRef = jest.fn(
    () =>
      new Promise<Entity | undefined>((resolve, reject) =>
        pending.push(e => (e instanceof Error ? reject(e) : resolve(e))),
      ),
  );
  const authorize = jest.fn(async (requests: any[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  );
  const logger = mockServices.logger.mock();
  const access = createEntityAccess({
    catalog: { getEntityByRef } as unknown as CatalogService,
    permissions: { authorize } as any,
    logger,
    now: () => clock,
  });
  const answer = async (e: Entity | undefined | Error) => {
    while (!pending.length) await flush();
    pending.shift()!(e);
  };
  return {
    access,
    getEntityByRef,
    authorize,
    logger,
    answer,
    /** A first read, answered. */
    warm: async () => {
      const read = access.entity(ref, user);
      await answer(table('v1'));
      return read;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const titles = (entities: Entity[]) => entities.map(e => e.metadata.title);

describe('createEntityAccess at the end of the reuse period', () => {
  it('reads the catalog once for all concurrent requests, none of them waiting for it', async () => {
    const s = setup();
    await s.warm();
    s.advance(ENTITY_REUSE_MS);
    const served = await Promise.all(
      Array.from({ length: 50 }, () => s.access.entity(ref, user)),
    );
    expect(titles(served)).toEqual(Array(50).fill('v1'));
    expect(s.getEntityByRef).toHaveBeenCalledTimes(2);

    await s.answer(table('v2'));
    await flush();
    expect((await s.access.entity(ref, user)).metadata.title).toBe('v2');
    expect(s.getEntityByRef).toHaveBeenCalledTimes(2);
    // Every request had both read permissions decided for its caller.
    expect(s.authorize).toHaveBeenCalledTimes(52);
  });

  it('keeps the entity when the catalog cannot be read, logs it and tries again', async () => {
    const s = setup();
    await s.warm();
    s.advance(ENTITY_REUSE_MS);
    await s.access.entity(ref, user);
    await s.answer(new Error('catalog unavailable'));
    await flush();
    expect(s.logger.warn).toHaveBeenCalledWith(
      'Could not refresh a cached value; the current one is kept',
      expect.objectContaining({ error: 'catalog unavailable' }),
    );
    s.advance(10_000);
    expect((await s.access.entity(ref, user)).metadata.title).toBe('v1');
    expect(s.getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('never serves an entity older than its maximum age', async () => {
    const s = setup();
    await s.warm();
    s.advance(ENTITY_MAX_AGE_MS);
    const read = s.access.entity(ref, user);
    await s.answer(new Error('catalog unavailable'));
    await expect(read).rejects.toThrow('catalog unavailable');
  });

  it('drops the entity when the catalog no longer has it', async () => {
    const s = setup();
    await s.warm();
    s.advance(ENTITY_REUSE_MS);
    await s.access.entity(ref, user);
    await s.answer(undefined);
    await flush();
    const read = s.access.entity(ref, user);
    await s.answer(undefined);
    await expect(read).rejects.toThrow('No entity Resource:default/orders');
  });

  it('decides the catalog read permission for requests that share another caller’s read', async () => {
    const s = setup();
    const first = s.access.entity(ref, user);
    const second = s.access.entity(
      ref,
      mockCredentials.user('user:default/other'),
    );
    await s.answer(table('v1'));
    await Promise.all([first, second]);
    expect(s.getEntityByRef).toHaveBeenCalledTimes(1);
    const asked = s.authorize.mock.calls.map(([requests]) => requests.length);
    expect(asked.sort()).toEqual([1, 2]);
  });
});
