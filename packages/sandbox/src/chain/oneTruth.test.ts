import {
  CreateTableCommand,
  DescribeTableCommand,
} from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import {
  expectedKeyType,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { resolve } from 'node:path';
import { sandboxClients } from '../seed';
import { createTableInput, AckTable } from './ack';
import { evaluateApplications } from './application';
import { renderTables } from './kro';
import {
  randomAccount,
  sandboxEndpoint,
  tableApplication,
} from './testSupport';

const region = 'us-east-1';
const definitionsDir = resolve(__dirname, '../../../../kubevela/definitions');

const hex = (n: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), {
      minLength: n,
      maxLength: n,
    })
    .map(a => a.join(''));
const aliasName = fc.oneof(
  fc.constant('alias/aws/dynamodb'),
  fc
    .array(fc.constantFrom(...'abcXYZ019/_-'), { minLength: 1, maxLength: 12 })
    .map(a => `alias/${a.join('')}`),
);
const keyId = fc.oneof(
  fc.uuid(),
  hex(32).map(h => `mrk-${h}`),
);
const arn = fc
  .tuple(
    fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'aws-x'),
    fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'US-EAST-1'),
    fc.oneof(
      hex(12).map(h => h.replace(/[a-f]/g, '7')),
      fc.constantFrom('123', '1234567890123'),
    ),
    fc.oneof(
      keyId.map(k => `key/${k}`),
      aliasName,
    ),
  )
  .map(([p, r, a, res]) => `arn:${p}:kms:${r}:${a}:${res}`);
/** The key-reference grammar, and near misses: padding, case, truncation, any string at all. */
const keyReference = fc.oneof(
  keyId,
  aliasName,
  arn,
  fc
    .tuple(fc.oneof(keyId, aliasName, arn), fc.constantFrom(' ', '\n', '\t'))
    .map(([k, pad]) => (k.length % 2 ? pad + k : k + pad)),
  fc.oneof(keyId, aliasName, arn).map(k => k.toUpperCase()),
  fc.oneof(keyId, arn).map(k => k.slice(0, -1)),
  fc.string(),
  fc.constant('alias/'),
);
/** Anything at all: wrong types, wrong values, stray or misspelt property names. */
const wild = fc
  .tuple(
    fc.record(
      {
        enabled: fc.constantFrom<unknown>(true, false, 'true', 1, null),
        sseType: fc.oneof(
          fc.constantFrom<unknown>('AES256', 'KMS', 'kms', 'DES', 3),
          fc.string(),
        ),
        kmsKeyId: fc.oneof(keyReference, fc.constantFrom<unknown>(7, null)),
      },
      { requiredKeys: [] },
    ),
    fc.option(
      fc.tuple(
        fc.oneof(
          fc.constantFrom('ssetype', 'kmsKeyID', 'Enabled', 'kmsMasterKeyID'),
          fc.string({ minLength: 1 }),
        ),
        fc.constantFrom<unknown>('KMS', true, 'alias/aws/dynamodb'),
      ),
      { freq: 2 },
    ),
  )
  .map(([props, extra]) =>
    extra && !(extra[0] in props) ? { ...props, [extra[0]]: extra[1] } : props,
  );
/** The shapes the rules accept, with keys drawn from the grammar and its near misses. */
const shaped = fc.oneof(
  fc.constant({}),
  fc.record({ enabled: fc.boolean() }),
  fc.record({ enabled: fc.constant(true), sseType: fc.constant('AES256') }),
  fc.record(
    {
      enabled: fc.constant(true),
      sseType: fc.constant('KMS'),
      kmsKeyId: fc.oneof(keyId, aliasName, arn),
    },
    { requiredKeys: ['sseType', 'kmsKeyId'] },
  ),
  fc.record({ sseType: fc.constant('KMS'), kmsKeyId: keyReference }),
);
const properties: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { arbitrary: shaped, weight: 3 },
  { arbitrary: wild, weight: 2 },
);

/**
 * One rule set: the TypeScript rules (used by the form, the scaffolder action and the backend) and the CUE
 * definitions accept and refuse the same generated trait properties, and every accepted set reaches AWS
 * through the real chain (cue → kro → CreateTable) as the key type the TypeScript rules predict.
 */
describe('TypeScript rules and CUE definitions agree on generated input', () => {
  const endpoint = sandboxEndpoint();
  const accountId = randomAccount();

  it('on 1,200 generated property sets, all accepted ones taken through kro and CreateTable', async () => {
    const samples = fc.sample(properties, { numRuns: 1200 });
    const apps = samples.map((props, i) =>
      tableApplication(`truth-${i}`, region, props as Record<string, unknown>),
    );
    const cue = await evaluateApplications(apps, definitionsDir);
    const accepted: number[] = [];
    for (const [i, props] of samples.entries()) {
      const ts = validateEncryptionTrait(props);
      expect({ props, cueAccepts: !(cue[i] instanceof Error) }).toEqual({
        props,
        cueAccepts: ts.ok,
      });
      if (ts.ok) accepted.push(i);
    }
    expect(accepted.length).toBeGreaterThan(300);
    expect(samples.length - accepted.length).toBeGreaterThan(300);

    const instances = accepted.map(i => (cue[i] as any[])[0]);
    const tables = await renderTables(instances);
    const dynamodb = await sandboxClients(endpoint).dynamodb({
      accountId,
      region,
    });
    let next = 0;
    const worker = async () => {
      while (next < accepted.length) {
        const n = next++;
        const props = samples[accepted[n]];
        const table = tables[n] as AckTable;
        expect(table).not.toBeInstanceOf(Error);
        const ts = validateEncryptionTrait(props);
        if (!ts.ok) throw new Error('unreachable');
        await dynamodb.send(new CreateTableCommand(createTableInput(table)));
        const { Table } = await dynamodb.send(
          new DescribeTableCommand({ TableName: table.spec.tableName }),
        );
        const keyType = expectedKeyType(ts.value);
        expect({ props, sse: Table?.SSEDescription?.SSEType }).toEqual({
          props,
          sse: keyType === 'AWS_OWNED' ? undefined : 'KMS',
        });
        // The sandbox echoes the key it was given; a CMK reaches it exactly as the Application names it.
        const cmk = keyType === 'CUSTOMER_MANAGED';
        expect({
          props,
          key: cmk ? Table?.SSEDescription?.KMSMasterKeyArn : '-',
        }).toEqual({ props, key: cmk ? ts.value.kmsKeyId : '-' });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }, 120_000);
});
