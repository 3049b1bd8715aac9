import fc from 'fast-check';
import {
  expectedKeyType,
  validateEncryptionTrait,
} from '@internal/plugin-dynamodb-encryption-common';
import { reconcileApplication, renderAckTables } from './reconcile';
import {
  createKey,
  observedKeyType,
  randomAccount,
  sandboxEndpoint,
  tableApplication,
} from './testSupport';

const region = 'us-east-1';

/**
 * One truth: the TypeScript rules (used by the form, the scaffolder action and the backend) and the CUE
 * definitions never disagree. Generated trait property sets are accepted by both or refused by both, and an
 * accepted set gives, through cue + the RGD + CreateTable, the key type the TypeScript rules predict.
 */
describe('TypeScript rules and CUE definitions agree', () => {
  const endpoint = sandboxEndpoint();
  const accountId = randomAccount();
  let keyRefs: string[];

  beforeAll(async () => {
    const cmk = await createKey(endpoint, accountId, region, {
      alias: 'alias/truth-cmk',
    });
    const mrk = await createKey(endpoint, accountId, region, {
      multiRegion: true,
    });
    keyRefs = [
      cmk.arn,
      cmk.keyId,
      'alias/truth-cmk',
      `arn:aws:kms:${region}:${accountId}:alias/truth-cmk`,
      mrk.arn,
      mrk.keyId,
      'alias/aws/dynamodb',
      `arn:aws:kms:${region}:${accountId}:alias/aws/dynamodb`,
      'not a key',
      '',
      'alias/',
      'arn:aws:kms:us-east-1:123:key/x',
    ];
  });

  it('on generated property sets', async () => {
    let table = 0;
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            enabled: fc.constantFrom<unknown>(true, false, 'yes'),
            sseType: fc.constantFrom<unknown>('AES256', 'KMS', 'DES', 'kms'),
            kmsKeyId: fc.integer({ min: 0, max: 11 }),
          },
          { requiredKeys: [] },
        ),
        async generated => {
          const props: Record<string, unknown> = { ...generated };
          if (typeof generated.kmsKeyId === 'number')
            props.kmsKeyId = keyRefs[generated.kmsKeyId];
          const tableName = `truth-${accountId}-${table++}`;
          const app = tableApplication(tableName, region, props);
          const ts = validateEncryptionTrait(props);
          const cue = await renderAckTables(app).then(
            () => ({ ok: true as const }),
            (e: Error) => ({ ok: false as const, message: e.message }),
          );
          expect({ props, accepted: cue.ok }).toEqual({
            props,
            accepted: ts.ok,
          });
          if (!ts.ok) {
            seen.refused++;
            return;
          }
          seen.accepted++;
          await reconcileApplication(endpoint, accountId, app);
          const observed = await observedKeyType(
            endpoint,
            accountId,
            region,
            tableName,
          );
          expect({ props, keyType: observed.keyType }).toEqual({
            props,
            keyType: expectedKeyType(ts.value),
          });
        },
      ),
      { numRuns: 80 },
    );
    // Both sides of the property were exercised.
    expect(seen.accepted).toBeGreaterThan(3);
    expect(seen.refused).toBeGreaterThan(3);
  }, 300_000);
});
