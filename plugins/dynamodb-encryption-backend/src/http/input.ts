import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** Parses request input with a schema; a failure is a 400 naming the parameter, never a 500. */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Invalid ${issue.path.join('.') || 'input'}: ${issue.message}`,
    );
  }
  return parsed.data;
}
