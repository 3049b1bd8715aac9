import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The `cue` binary: `CUE_BIN` (set by scripts/toolchain.sh) or `cue` on the PATH. */
export function cueBinary(): string {
  return process.env.CUE_BIN ?? 'cue';
}

/** An error that `cue` reported, with its own message. */
export class CueError extends Error {}

/**
 * Evaluates CUE sources joined into one file (definitions in `vela def` format have no package clause, so
 * their `context` and `parameter` references resolve only within one file) and exports `expression` as JSON.
 * Values are embedded as JSON, which is valid CUE, so no input string is ever interpreted as CUE syntax.
 */
export async function cueExport(
  sources: string[],
  expression: string,
): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'cue-'));
  try {
    const file = join(dir, 'input.cue');
    await writeFile(file, sources.join('\n'));
    const { stdout } = await run(
      cueBinary(),
      ['export', file, '-e', expression, '--out', 'json'],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch(e => {
      throw new CueError(
        String(e.stderr || e.message)
          .replaceAll(file, 'input.cue')
          .trim(),
      );
    });
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads a definition file. */
export function readDefinition(dir: string, name: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`invalid definition name ${JSON.stringify(name)}`);
  return readFile(join(dir, `${name}.cue`), 'utf8').catch(() => {
    throw new Error(`unknown definition ${name}: no ${name}.cue`);
  });
}
