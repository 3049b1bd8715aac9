/**
 * A count with the word that fits it: `plural(1, 'table', 'tables')` is "1 table", `plural(3, ...)` "3
 * tables". The words may carry their verb (`'table is'`, `'tables are'`). Counts of a thousand or more are
 * written with separators.
 */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
