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
  flags: string[] = [],
): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'cue-'));
  try {
    const file = join(dir, 'input.cue');
    await writeFile(file, sources.join('\n'));
    const { stdout } = await run(
      cueBinary(),
      [
        'export',
        file,
        ...(expression ? ['-e', expression] : []),
        '--out',
        'json',
        ...flags,
      ],
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

/** The case an error line of `cueExportBatch`'s file is about (`rN.…` or `_cN.…`), if any. */
const CASE_OF = /^(?:r|_c)(\d+)[.:]/;

/**
 * Evaluates many independent CUE cases (each a struct whose `result` is wanted) in as few `cue` runs as
 * possible: all at once, and when CUE reports errors, those cases get their own messages and the rest run
 * again. Each case gives its `result` as JSON, or a CueError with the messages about it.
 */
export async function cueExportBatch(
  cases: string[],
): Promise<(unknown | CueError)[]> {
  const results: (unknown | CueError)[] = new Array(cases.length);
  let pending = cases.map((_, i) => i);
  while (pending.length) {
    const source = pending
      .map(i => `_c${i}: ${cases[i]}\nr${i}: _c${i}.result`)
      .join('\n');
    try {
      const all = (await cueExport([source], '', ['-E'])) as Record<
        string,
        unknown
      >;
      for (const i of pending) results[i] = all[`r${i}`];
      return results;
    } catch (e) {
      if (!(e instanceof CueError)) throw e;
      const messages = new Map<number, string[]>();
      for (const line of e.message.split('\n')) {
        const m = CASE_OF.exec(line);
        if (!m) continue;
        const i = Number(m[1]);
        const text = line.replace(
          /^(?:r|_c)\d+\.(?:result\.out\.|comp\.|t\d+\.)?/,
          '',
        );
        messages.set(i, [...(messages.get(i) ?? []), text]);
      }
      if (!messages.size) throw e;
      for (const [i, lines] of messages)
        results[i] = new CueError(lines.join('\n'));
      pending = pending.filter(i => !messages.has(i));
    }
  }
  return results;
}

/** Reads a definition file. */
export function readDefinition(dir: string, name: string): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`invalid definition name ${JSON.stringify(name)}`);
  return readFile(join(dir, `${name}.cue`), 'utf8').catch(() => {
    throw new Error(`unknown definition ${name}: no ${name}.cue`);
  });
}
