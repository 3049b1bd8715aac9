/**
 * One line of a line diff: kept (` `), removed (`-`) or added (`+`), with its line numbers (1-based) in
 * the text before and after.
 *
 * @public
 */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
  before?: number;
  after?: number;
}

function lines(text: string): string[] {
  const all = text.split(/\r?\n/);
  if (all[all.length - 1] === '') all.pop();
  return all;
}

/**
 * The lines of `after` against `before`: the longest common subsequence of lines kept, the rest removed
 * or added. Common leading and trailing lines are matched first, so an edit in one place of a long file
 * costs only the size of that place.
 *
 * @public
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = lines(before);
  const b = lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..].
  const lcs = Array.from({ length: midA.length + 1 }, () =>
    new Array<number>(midB.length + 1).fill(0),
  );
  for (let i = midA.length - 1; i >= 0; i--)
    for (let j = midB.length - 1; j >= 0; j--)
      lcs[i][j] =
        midA[i] === midB[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  const keep = (i: number, j: number) =>
    out.push({ op: ' ', text: a[i], before: i + 1, after: j + 1 });
  for (let k = 0; k < head; k++) keep(k, k);
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      keep(head + i++, head + j++);
    } else if (
      i < midA.length &&
      (j === midB.length || lcs[i + 1][j] >= lcs[i][j + 1])
    ) {
      // Removed lines first, as git shows them.
      out.push({ op: '-', text: midA[i], before: head + ++i });
    } else {
      out.push({ op: '+', text: midB[j], after: head + ++j });
    }
  }
  for (let k = 0; k < tail; k++) keep(a.length - tail + k, b.length - tail + k);
  return out;
}

/**
 * A unified diff (`--- a/path`, `+++ b/path`, `@@ -l,n +l,n @@` hunks with `context` lines around each
 * change), as `git diff` shows it; empty when nothing changed.
 *
 * @public
 */
export function unifiedDiff(
  before: string,
  after: string,
  options: { path?: string; context?: number } = {},
): string {
  const context = options.context ?? 3;
  const diff = diffLines(before, after);
  const changed = diff.flatMap((d, k) => (d.op === ' ' ? [] : [k]));
  if (!changed.length) return '';
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const from = Math.max(0, k - context);
    const to = Math.min(diff.length, k + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  const path = options.path ?? 'application.yaml';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const [from, to] of hunks) {
    const part = diff.slice(from, to);
    const firstBefore =
      part.find(d => d.before !== undefined)?.before ??
      (diff.slice(0, from).filter(d => d.op !== '+').length || 0);
    const firstAfter =
      part.find(d => d.after !== undefined)?.after ??
      (diff.slice(0, from).filter(d => d.op !== '-').length || 0);
    const nBefore = part.filter(d => d.op !== '+').length;
    const nAfter = part.filter(d => d.op !== '-').length;
    out.push(
      `@@ -${firstBefore}${nBefore === 1 ? '' : `,${nBefore}`} +${firstAfter}${
        nAfter === 1 ? '' : `,${nAfter}`
      } @@`,
      ...part.map(d => `${d.op}${d.text}`),
    );
  }
  return `${out.join('\n')}\n`;
}
