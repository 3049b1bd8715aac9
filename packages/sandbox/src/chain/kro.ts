import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { KroInstance } from './application';
import type { AckTable } from './ack';

/** The repository's kubevela folder: definitions, the RGD and the CRDs it is compiled against. */
export const kubevelaDir = resolvePackagePath(
  '@internal/sandbox',
  '../../kubevela',
);

/** The RGD and the CRDs of what it creates; the repository's own by default. */
export interface KroOptions {
  rgdPath?: string;
  crdPaths?: string[];
}

/** The `kro-render` binary: `KRO_RENDER_BIN` (set by scripts/toolchain.sh) or `kro-render` on the PATH. */
export function kroRenderBinary(): string {
  return process.env.KRO_RENDER_BIN ?? 'kro-render';
}

/** Raised when kro refuses an instance (or the Table it renders), with every message kro and the schema gave. */
export class KroRefusedError extends Error {
  constructor(readonly instance: string, readonly errors: string[]) {
    super(`kro: ${instance}: ${errors.join('; ')}`);
  }
}

/** One instance's outcome: the resources kro rendered by id, or why they were refused. */
export type KroResult =
  | { ok: true; resources: Record<string, Record<string, unknown>> }
  | { ok: false; errors: string[] };

/**
 * Renders kro instances through the real kro (kubevela/tools/kro: kro's graph builder compiles the RGD
 * against the ACK Table CRD, kro's runtime evaluates every expression), in one process for the whole batch.
 * Each instance and each rendered resource is admitted against its schema with unknown fields refused.
 */
export async function renderWithKro(
  instances: KroInstance[],
  options: KroOptions = {},
): Promise<KroResult[]> {
  const args = [
    '-rgd',
    options.rgdPath ?? resolve(kubevelaDir, 'kro/dynamodbtable-rgd.yaml'),
    ...(
      options.crdPaths ?? [
        resolve(kubevelaDir, 'kro/crds/ack-dynamodb-table.yaml'),
      ]
    ).flatMap(p => ['-crd', p]),
  ];
  const stdout = await new Promise<string>((done, failed) => {
    const child = spawn(kroRenderBinary(), args, {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', d => out.push(d));
    child.stderr.on('data', d => err.push(d));
    child.on('error', e =>
      failed(
        new Error(
          `cannot run ${kroRenderBinary()} (./scripts/test.sh builds it): ${
            e.message
          }`,
        ),
      ),
    );
    child.on('close', code =>
      code === 0
        ? done(Buffer.concat(out).toString('utf8'))
        : failed(new Error(Buffer.concat(err).toString('utf8').trim())),
    );
    child.stdin.end(JSON.stringify(instances));
  });
  const results = JSON.parse(stdout) as {
    resources?: Record<string, Record<string, unknown>>;
    errors?: string[];
  }[];
  return results.map(r =>
    r.errors?.length
      ? { ok: false as const, errors: r.errors }
      : { ok: true as const, resources: r.resources ?? {} },
  );
}

/** The ACK Table kro renders for each instance, or a KroRefusedError naming what it refused. */
export async function renderTables(
  instances: KroInstance[],
  options?: KroOptions,
): Promise<(AckTable | KroRefusedError)[]> {
  const results = await renderWithKro(instances, options);
  return results.map((r, i) =>
    r.ok
      ? (r.resources.table as unknown as AckTable)
      : new KroRefusedError(instances[i].metadata.name, r.errors),
  );
}
