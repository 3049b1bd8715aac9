import fc from 'fast-check';
import { diffLines, unifiedDiff } from './lineDiff';

const apply = (diff: ReturnType<typeof diffLines>, side: '-' | '+') =>
  diff.filter(d => d.op !== side).map(d => d.text);

describe('diffLines', () => {
  it('keeps common lines and marks the changed ones', () => {
    expect(diffLines('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([
      { op: ' ', text: 'a', before: 1, after: 1 },
      { op: '-', text: 'b', before: 2 },
      { op: '+', text: 'B', after: 2 },
      { op: ' ', text: 'c', before: 3, after: 3 },
      { op: '+', text: 'd', after: 4 },
    ]);
  });

  it('reads CRLF and LF alike', () => {
    expect(diffLines('a\r\nb\r\n', 'a\nb\n').every(d => d.op === ' ')).toBe(
      true,
    );
  });

  it('rebuilds both texts from the diff of any two', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 })
      .map(l => l.map(x => `${x}\n`).join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = diffLines(before, after);
        expect(apply(diff, '+').join('\n')).toBe(before.replace(/\n$/, ''));
        expect(apply(diff, '-').join('\n')).toBe(after.replace(/\n$/, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a\n', 'a\n')).toBe('');
  });

  it('shows each change with its context, as git does', () => {
    const before = `${Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join(
      '\n',
    )}\n`;
    const after = before.replace('l2\n', 'L2\n').replace('l11\n', '');
    expect(unifiedDiff(before, after, { path: 'apps/x/application.yaml' }))
      .toBe(`--- a/apps/x/application.yaml
+++ b/apps/x/application.yaml
@@ -1,5 +1,5 @@
 l1
-l2
+L2
 l3
 l4
 l5
@@ -8,5 +8,4 @@
 l8
 l9
 l10
-l11
 l12
`);
  });
});
