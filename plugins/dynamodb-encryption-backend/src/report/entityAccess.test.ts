import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createEntityAccess, ENTITY_REUSE_MS } from './entityAccess';

const table: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'dynamodb-table' },
};
const ref = { kind: 'Resource', namespace: 'default', name: 'orders' };

function setup() {
  const catalog = catalogServiceMock({ entities: [table] });
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  let denied: string[] = [];
  const authorize = jest.fn(async (requests: any[], _options?: unknown) =>
    requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  let clock = 1_000_000;
  const access = createEntityAccess({
    catalog,
    permissions: { authorize, authorizeConditional: jest.fn() } as any,
    now: () => clock,
  });
  return {
    access,
    authorize,
    getEntityByRef,
    deny: (...names: string[]) => {
      denied = names;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('createEntityAccess', () => {
  const user = mockCredentials.user();

  it('reuses a recent entity but decides both read permissions for every request, in one round trip', async () => {
    const s = setup();
    await s.access.entity(ref, user);
    expect(s.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(
      s.authorize.mock.calls[0][0].map((r: any) => r.permission.name),
    ).toEqual(['dynamodb-encryption.table.read']);

    expect(await s.access.entity(ref, user)).toEqual(table);
    expect(s.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(s.authorize).toHaveBeenCalledTimes(2);
    expect(s.authorize.mock.calls[1][0]).toEqual([
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'dynamodb-encryption.table.read',
        }),
        resourceRef: 'resource:default/orders',
      }),
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'catalog.entity.read' }),
        resourceRef: 'resource:default/orders',
      }),
    ]);
    expect(s.authorize.mock.calls[1][1]).toEqual({ credentials: user });
  });

  it('answers 404 on a reused entity the caller may not read in the catalog, or may not read the encryption of', async () => {
    const s = setup();
    await s.access.entity(ref, user);
    s.deny('catalog.entity.read');
    await expect(s.access.entity(ref, user)).rejects.toThrow(
      'No entity Resource:default/orders',
    );
    s.deny('dynamodb-encryption.table.read');
    await expect(s.access.entity(ref, user)).rejects.toThrow(/No entity/);
    expect(s.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('reads the catalog again once the entity is older than the reuse period', async () => {
    const s = setup();
    await s.access.entity(ref, user);
    s.advance(ENTITY_REUSE_MS + 1);
    await s.access.entity(ref, user);
    expect(s.getEntityByRef).toHaveBeenCalledTimes(2);
  });
});
