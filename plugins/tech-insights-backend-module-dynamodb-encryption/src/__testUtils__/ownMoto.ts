import {
  freePort,
  motoRecorder,
  startMoto,
} from '@dynamodb-encryption/backstage-plugin-node/testUtils';

/**
 * A moto server of the test's own (`MOTO_SERVER` or `moto_server` on the PATH): its request recorder then counts
 * only this test's AWS requests, whatever else runs beside it.
 */
export async function startOwnMoto() {
  const port = await freePort();
  const child = await startMoto(port);
  const recorder = motoRecorder(port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => child.kill(),
    /** Starts counting AWS requests from zero. */
    record: () => recorder.start(),
    /** Stops counting and answers how many AWS requests were made since `record()`. */
    recorded: async (): Promise<number> => (await recorder.stop()).length,
  };
}
