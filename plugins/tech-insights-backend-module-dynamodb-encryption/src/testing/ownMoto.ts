import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A moto server of the test's own (`MOTO_SERVER` or `moto_server` on the PATH): its request recorder then counts
 * only this test's AWS requests, whatever else runs beside it.
 */
export async function startOwnMoto() {
  const port = await freePort();
  const bin = process.env.MOTO_SERVER ?? 'moto_server';
  const child: ChildProcess = spawn(
    bin,
    ['-H', '127.0.0.1', '-p', String(port)],
    {
      stdio: 'ignore',
      env: {
        ...process.env,
        MOTO_RECORDER_FILEPATH: join(tmpdir(), `moto-recording-${port}`),
      },
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const recorder = (action: string, method = 'POST') =>
    fetch(`${endpoint}/moto-api/recorder/${action}`, { method });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${endpoint}/moto-api/`).then(
        () => true,
        () => false,
      )
    ) {
      return {
        endpoint,
        stop: () => child.kill(),
        /** Starts counting AWS requests from zero. */
        async record() {
          await recorder('reset-recording');
          await recorder('start-recording');
        },
        /** Stops counting and answers how many AWS requests were made since `record()`. */
        async recorded(): Promise<number> {
          await recorder('stop-recording');
          return (await (await recorder('download-recording', 'GET')).text())
            .split('\n')
            .filter(Boolean).length;
        },
      };
    }
    await new Promise(r => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`moto did not start on ${port} (MOTO_SERVER=${bin})`);
}
