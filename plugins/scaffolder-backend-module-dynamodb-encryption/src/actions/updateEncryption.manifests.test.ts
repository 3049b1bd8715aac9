import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  diffLines,
  encryptionTraitFor,
  expectedKeyType,
  KEY_TYPES,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import fc from 'fast-check';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GITOPS, keyChangeSandbox } from './__testUtils__/keyChangeFixture';
import {
  encryptionTraitLines,
  ManifestShape,
  manifestShapes,
  TRAIT_PRESETS,
  writeManifest,
} from './__testUtils__/manifests';
import { createUpdateEncryptionAction } from './updateEncryption';

jest.setTimeout(300_000);

const url = `${GITOPS}/apps/orders/application.yaml`;

/** The Application as data, without its table component's encryption trait (and an empty traits list). */
function withoutEncryptionTrait(text: string) {
  const app = parse(text);
  for (const c of app.spec.components) {
    if (c.type !== 'aws-dynamodb-kro') continue;
    const traits = (c.traits ?? []).filter(
      (t: { type: string }) => t.type !== 'dynamodb-encryption-kro',
    );
    if (traits.length) c.traits = traits;
    else delete c.traits;
  }
  return app;
}

/** What a run did: wrote the Application, refused because nothing changes, or failed (its message). */
function outcomeOf(message: string) {
  if (
    /^Cannot change the key of resource:default\/orders: The Application already asks for .*: nothing to change$/.test(
      message,
    )
  )
    return 'nothing to change';
  return message;
}

/**
 * Whether the trait's lines are indented as the source indents its own: its `-` where the source puts a
 * sequence's (at the key's column, or one step in), and its properties one step below `properties:`.
 */
function indentationOfTheTrait(text: string, shape: ManifestShape) {
  const lines = text.split(/\r?\n/);
  const col = (line: string) => line.length - line.trimStart().length;
  const at = lines.findIndex(l =>
    /^\s*- type: dynamodb-encryption-kro/.test(l),
  );
  if (at === -1) return { dash: true, properties: true }; // flow: on one line
  const key = lines
    .slice(0, at)
    .reverse()
    .find(l => /^\s*(- )?traits:/.test(l))!;
  const keyCol = key.indexOf('traits:');
  const props = lines.findIndex(
    (l, i) => i > at && /^\s*properties:\s*(#.*)?$/.test(l),
  );
  return {
    dash: col(lines[at]) === keyCol + (shape.indentSeq ? shape.indent : 0),
    properties:
      props === -1 ||
      col(lines[props + 1]) === col(lines[props]) + shape.indent,
  };
}

describe('dynamodb:application:update-encryption on 200 generated manifests', () => {
  let sandbox: Awaited<ReturnType<typeof keyChangeSandbox>>;
  const workspace = createMockDirectory();
  beforeAll(async () => {
    sandbox = await keyChangeSandbox();
  });
  afterAll(() => sandbox?.moto.kill());

  it('changes only the lines of the encryption trait, whatever the style, and says so when there is nothing to change', async () => {
    const action = createUpdateEncryptionAction({
      ...sandbox,
      keys: sandbox.kms,
    });
    const seen = { changed: 0, unchanged: 0, added: 0, flow: 0, crlf: 0 };
    await fc.assert(
      fc.asyncProperty(
        manifestShapes,
        fc.constantFrom(...KEY_TYPES),
        async (shape, keyChoice) => {
          await workspace.clear();
          const before = writeManifest(shape, sandbox.keys.other);
          sandbox.files.set(url, before);
          const target = encryptionTraitFor(keyChoice, sandbox.keys.cmk);
          const preset = shape.encryption
            ? Object.fromEntries(
                TRAIT_PRESETS[shape.encryption.preset].map(([k, v]) => [
                  k,
                  v === 'CMK_OTHER' ? sandbox.keys.other : v,
                ]),
              )
            : {};
          const current = validateEncryptionTrait(
            shape.encryption?.props === 'absent' ? {} : preset,
          );
          const unchanged =
            current.ok &&
            expectedKeyType(current.value) === keyChoice &&
            (keyChoice !== 'CUSTOMER_MANAGED' ||
              current.value.kmsKeyId === sandbox.keys.cmk);
          const ctx = createMockActionContext({
            input: {
              entityRef: 'resource:default/orders',
              keyChoice,
              kmsKeyArn: 'alias/orders-data',
            },
            workspacePath: workspace.path,
          });
          const outcome = await action.handler(ctx).then(
            () => 'written',
            (e: Error) => e.message,
          );
          expect(outcomeOf(outcome)).toBe(
            unchanged ? 'nothing to change' : 'written',
          );
          // A refusal writes nothing.
          expect(
            outcome === 'written' ||
              !Object.keys(workspace.content() ?? {}).length,
          ).toBe(true);
          if (outcome !== 'written') {
            seen.unchanged++;
            return;
          }
          const after = await readFile(
            join(workspace.path, 'apps/orders/application.yaml'),
            'utf8',
          );

          // The diff: every line it removes or adds holds the encryption trait, before or after.
          const hadList = ['block', 'flow', 'emptyFlow'].includes(
            shape.traitsMode,
          );
          const allowedBefore = encryptionTraitLines(before);
          const allowedAfter = encryptionTraitLines(after, !hadList);
          const diff = diffLines(before, after);
          const outside = diff.filter(d =>
            d.op === '-'
              ? !allowedBefore.has(d.before!)
              : d.op === '+' && !allowedAfter.has(d.after!),
          );
          expect(outside).toEqual([]);
          expect(diff.some(d => d.op !== ' ')).toBe(true);

          // As data: the trait asks for the chosen key, and everything else is as it was.
          expect(withoutEncryptionTrait(after)).toEqual(
            withoutEncryptionTrait(before),
          );
          const table = parse(after).spec.components.find(
            (c: { type: string }) => c.type === 'aws-dynamodb-kro',
          );
          const trait = table.traits.find(
            (t: { type: string }) => t.type === 'dynamodb-encryption-kro',
          );
          const written = validateEncryptionTrait(trait.properties);
          expect(written.ok && expectedKeyType(written.value)).toBe(keyChoice);
          expect(written.ok && written.value.kmsKeyId).toBe(target.kmsKeyId);
          // CRLF stays CRLF.
          expect(shape.crlf && after.replace(/\r\n/g, '').includes('\n')).toBe(
            false,
          );
          expect(indentationOfTheTrait(after, shape)).toEqual({
            dash: true,
            properties: true,
          });

          seen.changed++;
          if (!shape.encryption) seen.added++;
          if (shape.componentFlow || shape.traitsMode === 'flow') seen.flow++;
          if (shape.crlf) seen.crlf++;
        },
      ),
      { numRuns: 200 },
    );
    // The runs covered every kind of edit.
    expect(seen.changed + seen.unchanged).toBe(200);
    expect(seen.changed).toBeGreaterThan(100);
    expect(seen.unchanged).toBeGreaterThan(5);
    expect(seen.added).toBeGreaterThan(20);
    expect(seen.flow).toBeGreaterThan(20);
    expect(seen.crlf).toBeGreaterThan(20);
  });
});
