/**
 * The parameters of a fleet rule: one list of strings, as a Standard Schema with its JSON schema, which is
 * what the permission framework validates a condition's parameters with and publishes in the plugin's
 * permission metadata. Written out (not zod) because the framework's zod is not the repository's.
 */
export function stringListParams<K extends string>(options: {
  key: K;
  description: string;
  pattern?: RegExp;
  /** What a string that does not match `pattern` must be. */
  message?: string;
}) {
  type Params = { [P in K]: string[] };
  const { key, description, pattern, message } = options;
  const schema = {
    type: 'object',
    properties: {
      [key]: {
        type: 'array',
        description,
        items: {
          type: 'string',
          ...(pattern ? { pattern: pattern.source } : {}),
        },
      },
    },
    required: [key],
  };
  const refuse = (text: string, path: PropertyKey[]) => ({
    issues: [{ message: text, path }],
  });
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'dynamodb-encryption',
      validate: (value: unknown) => {
        const list = (value as Partial<Record<K, unknown>> | undefined)?.[key];
        if (!Array.isArray(list))
          return refuse(`${key} must be a list of strings`, [key]);
        const bad = list.findIndex(
          v => typeof v !== 'string' || (pattern && !pattern.test(v)),
        );
        if (bad >= 0)
          return refuse(`${key}[${bad}] ${message ?? 'must be a string'}`, [
            key,
            bad,
          ]);
        return { value: { [key]: list } as Params };
      },
      jsonSchema: { input: () => schema, output: () => schema },
    },
  };
}
