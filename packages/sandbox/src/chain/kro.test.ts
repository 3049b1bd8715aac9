import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KroInstance } from './application';
import { renderWithKro } from './kro';

const rgdPath = resolve(
  __dirname,
  '../../../../kubevela/kro/dynamodbtable-rgd.yaml',
);

const instance = (spec: Record<string, unknown> = {}): KroInstance => ({
  apiVersion: 'kro.run/v1alpha1',
  kind: 'DynamoDBTable',
  metadata: { name: 'orders' },
  spec: {
    tableName: 'orders',
    attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
    keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
    ...spec,
  },
});

/** The project's RGD with one text replaced, to show what kro and the Table schema refuse. */
async function mutatedRgd(from: string, to: string): Promise<string> {
  const text = await readFile(rgdPath, 'utf8');
  expect(text).toContain(from);
  const dir = await mkdtemp(join(tmpdir(), 'rgd-'));
  const path = join(dir, 'rgd.yaml');
  await writeFile(path, text.replace(from, to));
  return path;
}

describe('the RGD through the real kro (builder, runtime, and the ACK Table schema)', () => {
  it('renders a whole batch in one process, keeping each instance’s outcome apart', async () => {
    const results = await renderWithKro([
      instance(),
      instance({ bogus: true }),
      instance({ billingMode: 'ON_DEMAND' }),
    ]);
    expect(results[0].ok).toBe(true);
    expect(results[1]).toEqual({
      ok: false,
      errors: ['DynamoDBTable: unknown field "spec.bogus"'],
    });
    expect(results[2].ok).toBe(false);
    expect(JSON.stringify(results[2])).toContain('spec.billingMode');
  });

  it('renders what ACK reads back for an unchanged table: no stream and no capacity unless asked', async () => {
    const [plain, provisioned] = await renderWithKro([
      instance(),
      instance({
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 4, writeCapacityUnits: 2 },
        streams: { enabled: true, viewType: 'KEYS_ONLY' },
      }),
    ]);
    if (!plain.ok || !provisioned.ok) throw new Error('kro refused');
    const spec = plain.resources.table.spec as Record<string, unknown>;
    expect(spec).not.toHaveProperty('streamSpecification');
    expect(spec).not.toHaveProperty('provisionedThroughput');
    expect(spec.sseSpecification).toEqual({ enabled: false });
    expect(spec.continuousBackups).toEqual({
      pointInTimeRecoveryEnabled: false,
    });
    expect(provisioned.resources.table.spec).toMatchObject({
      billingMode: 'PROVISIONED',
      provisionedThroughput: { readCapacityUnits: 4, writeCapacityUnits: 2 },
      streamSpecification: { streamEnabled: true, streamViewType: 'KEYS_ONLY' },
    });
  });

  it('leaves out a capacity given with PAY_PER_REQUEST, and refuses one below 1', async () => {
    const [ignored, low] = await renderWithKro([
      instance({
        provisionedThroughput: { readCapacityUnits: 4, writeCapacityUnits: 2 },
      }),
      instance({
        billingMode: 'PROVISIONED',
        provisionedThroughput: { readCapacityUnits: 0, writeCapacityUnits: 2 },
      }),
    ]);
    expect(ignored.ok && ignored.resources.table.spec).not.toHaveProperty(
      'provisionedThroughput',
    );
    expect(low.ok).toBe(false);
    expect(JSON.stringify(low)).toContain(
      'spec.provisionedThroughput.readCapacityUnits',
    );
  });

  it('refuses a misspelt key inside a dyn() map, which kro’s own type check lets through', async () => {
    const rgd = await mutatedRgd(
      '"kmsMasterKeyID": dyn(',
      '"kmsMasterKeyId": dyn(',
    );
    const [result] = await renderWithKro(
      [instance({ encryption: { sseType: 'KMS', kmsKeyId: 'alias/orders' } })],
      { rgdPath: rgd },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        'table: Table: unknown field "spec.sseSpecification.kmsMasterKeyId"',
      ],
    });
  });

  it('fails on an RGD whose expression does not type-check against the Table', async () => {
    const rgd = await mutatedRgd(
      'deletionProtectionEnabled: ${schema.spec.protection.deletionProtection}',
      'deletionProtectionEnabled: ${schema.spec.tableName}',
    );
    await expect(renderWithKro([instance()], { rgdPath: rgd })).rejects.toThrow(
      /kro refused .*deletionProtectionEnabled/s,
    );
  });
});
