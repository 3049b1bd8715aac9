import fc from 'fast-check';
import {
  isKubernetesName,
  KUBERNETES_NAME_MAX_LENGTH,
  kubernetesNameForTable,
} from './names';
import { TABLE_NAME_PATTERN } from './arn';
import { buildApplication } from './application';

describe('kubernetesNameForTable', () => {
  it('keeps a table name that is already a valid name', () => {
    expect(kubernetesNameForTable('orders')).toBe('orders');
    expect(kubernetesNameForTable('orders-2024')).toBe('orders-2024');
  });

  it.each([
    ['Orders', /^orders-[0-9a-f]{8}$/],
    ['_orders', /^orders-[0-9a-f]{8}$/],
    ['orders.v2', /^orders-v2-[0-9a-f]{8}$/],
    ['___', /^table-[0-9a-f]{8}$/],
    ['-orders-', /^orders-[0-9a-f]{8}$/],
  ])('derives a valid name from %j', (tableName, pattern) => {
    const name = kubernetesNameForTable(tableName);
    expect(name).toMatch(pattern);
    expect(isKubernetesName(name)).toBe(true);
  });

  it('never gives two table names the same name: Orders and orders', () => {
    expect(kubernetesNameForTable('Orders')).not.toBe(
      kubernetesNameForTable('orders'),
    );
    expect(kubernetesNameForTable('ORDERS')).not.toBe(
      kubernetesNameForTable('Orders'),
    );
  });

  it('shortens long names, keeping them apart by the hash', () => {
    const a = kubernetesNameForTable(`${'a'.repeat(250)}x`);
    const b = kubernetesNameForTable(`${'a'.repeat(250)}y`);
    expect(a.length).toBeLessThanOrEqual(KUBERNETES_NAME_MAX_LENGTH);
    expect(a).not.toBe(b);
    expect(isKubernetesName(a)).toBe(true);
  });

  it('gives a valid, distinct name for every generated table name', () => {
    const tableName = fc.stringMatching(TABLE_NAME_PATTERN);
    fc.assert(
      fc.property(tableName, tableName, (x, y) => {
        fc.pre(x !== y);
        const [nx, ny] = [kubernetesNameForTable(x), kubernetesNameForTable(y)];
        expect(isKubernetesName(nx)).toBe(true);
        expect(nx).not.toBe(ny);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the Application and its component when the spec does not', () => {
    const app = buildApplication({
      table: {
        tableName: 'Orders_Archive',
        region: 'us-east-1',
        attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
        keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      },
    });
    const name = kubernetesNameForTable('Orders_Archive');
    expect(app.metadata.name).toBe(name);
    expect(app.spec.components[0].name).toBe(name);
    expect(app.spec.components[0].properties.tableName).toBe('Orders_Archive');
  });
});
