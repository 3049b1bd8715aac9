import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  expectedKeyType,
  KeyType,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { loadFleet } from './fleet';

const demoFleet = resolve(__dirname, '../../../sandbox/demo-fleet.yaml');

describe('the demo fleet', () => {
  it('covers every state product.md asks for', async () => {
    const fleet = await loadFleet(demoFleet);
    const keyOf = new Map(fleet.keys.map(k => [k.id, k]));
    const types = fleet.tables.map(t => {
      if (!t.encryption) return 'AWS_OWNED (implicit)';
      const result = validateEncryptionTrait(
        t.key
          ? { ...t.encryption, kmsKeyId: 'alias/placeholder' }
          : t.encryption,
      );
      if (!result.ok) throw new Error(t.name);
      const type: KeyType = expectedKeyType(result.value);
      return t.encryption.enabled === false ? `${type} (enabled: false)` : type;
    });
    expect(new Set(types)).toEqual(
      new Set([
        'AWS_OWNED (implicit)',
        'AWS_OWNED (enabled: false)',
        'AWS_OWNED',
        'AWS_MANAGED',
        'CUSTOMER_MANAGED',
      ]),
    );
    const cmkTables = fleet.tables
      .filter(t => t.key)
      .map(t => keyOf.get(t.key!)!);
    expect(cmkTables.some(k => k.rotation && k.state === 'Enabled')).toBe(true);
    expect(cmkTables.some(k => !k.rotation && k.state === 'Enabled')).toBe(
      true,
    );
    expect(cmkTables.some(k => k.state === 'Disabled')).toBe(true);
    expect(cmkTables.some(k => k.state === 'PendingDeletion')).toBe(true);
    expect(cmkTables.some(k => k.alias)).toBe(true);
    expect(cmkTables.some(k => !k.alias)).toBe(true);
    const tablesPerKey = fleet.tables.reduce(
      (m, t) => (t.key ? m.set(t.key, (m.get(t.key) ?? 0) + 1) : m),
      new Map<string, number>(),
    );
    expect(Math.max(...tablesPerKey.values())).toBeGreaterThanOrEqual(3);
    expect(
      new Set(fleet.tables.map(t => t.region)).size,
    ).toBeGreaterThanOrEqual(2);
    expect(
      new Set(fleet.tables.map(t => t.account)).size,
    ).toBeGreaterThanOrEqual(2);
  });

  it('refuses a table whose trait properties are invalid, naming the table and field', async () => {
    const file = resolve(tmpdir(), `fleet-${process.pid}.yaml`);
    await writeFile(
      file,
      [
        'accounts: [{ id: "111111111111", name: a }]',
        'keys: []',
        'tables:',
        '  - { name: bad-table, account: "111111111111", region: us-east-1, owner: group:default/t, encryption: { sseType: KMS } }',
      ].join('\n'),
    );
    await expect(loadFleet(file)).rejects.toThrow(
      /bad-table: kmsKeyId is required/,
    );
  });
});
