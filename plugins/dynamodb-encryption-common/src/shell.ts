/**
 * Quotes a value for a POSIX shell command line, so remediation commands can be copied and run as shown
 * whatever a table, key or region name contains.
 *
 * @public
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
