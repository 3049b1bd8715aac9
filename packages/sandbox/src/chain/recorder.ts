/** One request moto's recorder saw: the operation, and the table it named (if any). */
export interface RecordedCall {
  operation: string;
  table?: string;
}

const READS = /^(Describe|List|Get)/;

/** The calls that change something (DynamoDB and KMS: not Describe*, List*, Get*). */
export const writes = (calls: RecordedCall[]) =>
  calls.filter(c => !READS.test(c.operation));

/**
 * Starts moto's request recorder on `endpoint` (a moto of the test's own: it records every caller's requests).
 * `take()` returns the calls recorded since the last take, and clears them.
 */
export async function startRecorder(endpoint: string) {
  await fetch(`${endpoint}/moto-api/recorder/reset-recording`, {
    method: 'POST',
  });
  await fetch(`${endpoint}/moto-api/recorder/start-recording`, {
    method: 'POST',
  });
  return {
    async take(): Promise<RecordedCall[]> {
      const text = await (
        await fetch(`${endpoint}/moto-api/recorder/download-recording`)
      ).text();
      await fetch(`${endpoint}/moto-api/recorder/reset-recording`, {
        method: 'POST',
      });
      return text
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line))
        .map(r => {
          const headers = Object.fromEntries(
            Object.entries(r.headers ?? {}).map(([k, v]) => [
              k.toLowerCase(),
              String(v),
            ]),
          );
          const target = headers['x-amz-target'] ?? '';
          // The recorder keeps bodies base64-encoded.
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(
              Buffer.from(String(r.body ?? ''), 'base64').toString('utf8'),
            );
          } catch {
            body = {};
          }
          const arn = String(body.ResourceArn ?? '');
          return {
            operation: target.replace(/^[^.]*\./, ''),
            table:
              (body.TableName as string | undefined) ??
              (arn.includes(':table/') ? arn.split(':table/')[1] : undefined),
          };
        })
        .filter(c => c.operation);
    },
  };
}
