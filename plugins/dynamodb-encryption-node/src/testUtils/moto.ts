import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A free TCP port on 127.0.0.1.
 *
 * @public
 */
export async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A moto server of the caller's own (so it can stop it, or turn IAM enforcement on for it alone).
 *
 * @public
 */
export async function startMoto(port: number): Promise<ChildProcess> {
  const bin = process.env.MOTO_SERVER ?? 'moto_server';
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    // moto's request recorder writes here: a count of AWS requests outside the code under test.
    env: {
      ...process.env,
      MOTO_RECORDER_FILEPATH: join(tmpdir(), `moto-recording-${port}`),
    },
  });
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/moto-api/`).then(
        () => true,
        () => false,
      )
    )
      return child;
    await new Promise(r => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`moto did not start on ${port} (MOTO_SERVER=${bin})`);
}

/**
 * One request as moto's recorder saw it.
 *
 * @public
 */
export interface RecordedRequest {
  /** `DynamoDB_20120810.DescribeTable`-style target, or the query protocol's `Action` (`AssumeRole`). */
  action: string;
  /** The `x-moto-account-id` header, when the request carried one. */
  accountHeader?: string;
  /** The request's body, as sent. */
  body: string;
}

interface Recorded {
  headers: Record<string, string>;
  body?: string;
  body_encoded?: boolean;
}

const bodyOf = (entry: Recorded) =>
  entry.body_encoded
    ? Buffer.from(entry.body ?? '', 'base64').toString('utf8')
    : entry.body ?? '';

function actionOf(entry: Recorded): string {
  const target = Object.entries(entry.headers).find(
    ([k]) => k.toLowerCase() === 'x-amz-target',
  )?.[1];
  if (target) return target.split('.').pop()!;
  return new URLSearchParams(bodyOf(entry)).get('Action') ?? 'unknown';
}

/**
 * moto's request recorder on `port`: what the code under test really sent.
 *
 * @public
 */
export function motoRecorder(port: number) {
  const call = (action: string, method = 'POST') =>
    fetch(`http://127.0.0.1:${port}/moto-api/recorder/${action}`, { method });
  return {
    async start() {
      await call('reset-recording');
      await call('start-recording');
    },
    async stop(): Promise<RecordedRequest[]> {
      await call('stop-recording');
      const text = await (await call('download-recording', 'GET')).text();
      return text
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line))
        .map((entry: Recorded) => ({
          action: actionOf(entry),
          body: bodyOf(entry),
          accountHeader: Object.entries(
            entry.headers as Record<string, string>,
          ).find(([k]) => k.toLowerCase() === 'x-moto-account-id')?.[1],
        }));
    },
  };
}

/**
 * One AWS call to moto without an SDK (seeding what the product never calls: IAM, Organizations writes),
 * in `accountId` when given. moto routes by the service named in the Authorization header and, while IAM
 * enforcement is off, does not check its signature.
 *
 * @public
 */
export async function motoCall(
  port: number,
  service: 'iam' | 'organizations',
  action: string,
  params: Record<string, string | object>,
  accountId?: string,
): Promise<string> {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const headers: Record<string, string> = {
    Authorization: `AWS4-HMAC-SHA256 Credential=sandbox/${date}/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    ...(accountId ? { 'x-moto-account-id': accountId } : {}),
  };
  let body: string;
  if (service === 'organizations') {
    headers['Content-Type'] = 'application/x-amz-json-1.1';
    headers['X-Amz-Target'] = `AWSOrganizationsV20161128.${action}`;
    body = JSON.stringify(params);
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({
      Action: action,
      Version: '2010-05-08',
      ...Object.fromEntries(
        Object.entries(params).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : JSON.stringify(v),
        ]),
      ),
    }).toString();
  }
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${service} ${action}: ${text}`);
  return text;
}
