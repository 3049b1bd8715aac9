/** An error as it came: its name (the AWS error code) and message. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return `${e.name ?? 'Error'}: ${e.message}`;
}
