import { execFile } from 'node:child_process';
import {
  appendFile,
  mkdir,
  readdir,
  readFile,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ApplicationStatus,
  applicationStatusLocation,
  AWS_ACCOUNT_ANNOTATION,
} from '@dynamodb-encryption/backstage-plugin-common';
import { parseAllDocuments } from 'yaml';
import { reconcileApplication } from './chain/reconcile';

const git = promisify(execFile);

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(e => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === '.git' ? [] : yamlFiles(path);
      return /\.ya?ml$/.test(e.name) ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

/**
 * Writes an Application's status next to its manifest, as a cluster would keep it on the Application, and
 * keeps such files out of Git (they are observations, not desired state).
 */
async function writeStatus(
  dir: string,
  file: string,
  status: Omit<ApplicationStatus, 'updatedAt'>,
) {
  const gitDir = await readdir(join(dir, '.git')).catch(() => undefined);
  if (gitDir) {
    const exclude = join(dir, '.git', 'info', 'exclude');
    await mkdir(join(dir, '.git', 'info'), { recursive: true });
    const excluded = await readFile(exclude, 'utf8').catch(() => '');
    if (!excluded.includes('*.status.json'))
      await appendFile(exclude, '\n*.status.json\n');
  }
  await writeFile(
    applicationStatusLocation(file),
    `${JSON.stringify(
      { ...status, updatedAt: new Date().toISOString() },
      null,
      2,
    )}\n`,
  );
}

/** What one pass over the repository did. */
export interface ReconcileReport {
  applications: number;
  created: string[];
  /** `account/region/table` for each table found under an adoption policy: read, not created. */
  adopted: string[];
  /** `account/region/table: Call, Call` for each existing table that needed updates. */
  updated: string[];
  /** Differences left alone, with the reason (see syncAckTable). */
  notApplied: string[];
  errors: string[];
}

/**
 * Applies every KubeVela Application of the sandbox GitOps repository to the sandbox through the proven chain
 * (cue → kro → ACK Table → CreateTable). Tables that exist are read back and compared as the ACK controller
 * does, and updated only where they differ (the key, capacity, billing mode, streams, deletion protection,
 * point-in-time recovery, tags); a Table with ACK's adoption annotations is adopted as the controller adopts
 * it. In a real cluster KubeVela, kro and the ACK controller do this.
 */
export async function reconcileRepository(
  endpoint: string,
  dir: string,
  defaultAccountId: string,
  /** The commit being applied, recorded in each Application's status. */
  commit?: string,
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    applications: 0,
    created: [],
    adopted: [],
    updated: [],
    notApplied: [],
    errors: [],
  };
  for (const file of await yamlFiles(dir)) {
    const docs = parseAllDocuments(await readFile(file, 'utf8')).map(d =>
      d.toJS(),
    );
    for (const app of docs.filter(
      d =>
        d?.kind === 'Application' && d?.apiVersion === 'core.oam.dev/v1beta1',
    )) {
      report.applications++;
      const accountId =
        app.metadata?.annotations?.[AWS_ACCOUNT_ANNOTATION] ?? defaultAccountId;
      const application = String(app.metadata?.name ?? '');
      try {
        for (const result of await reconcileApplication(
          endpoint,
          accountId,
          app,
        )) {
          const where = `${accountId}/${result.region}/${result.table.spec.tableName}`;
          if (result.created) report.created.push(where);
          if (result.adopted) report.adopted.push(where);
          if (!result.created && result.calls.length)
            report.updated.push(`${where}: ${result.calls.join(', ')}`);
          result.notApplied.forEach(n =>
            report.notApplied.push(`${where}: ${n}`),
          );
        }
        await writeStatus(dir, file, { application, phase: 'applied', commit });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        report.errors.push(`${file.slice(dir.length + 1)}: ${message}`);
        // The refusal reaches the table's page through this file, not only the log.
        await writeStatus(dir, file, {
          application,
          phase: 'refused',
          message,
          commit,
        });
      }
    }
  }
  return report;
}

/** Reconciles whenever the repository's HEAD moves; stops when `signal` aborts. */
export async function watchRepository(
  options: {
    endpoint: string;
    dir: string;
    defaultAccountId: string;
    intervalMs?: number;
    signal?: AbortSignal;
  },
  log: (message: string) => void,
): Promise<void> {
  let seen = '';
  while (!options.signal?.aborted) {
    const head = await git('git', ['rev-parse', 'HEAD'], {
      cwd: options.dir,
    }).then(
      r => r.stdout.trim(),
      () => '',
    );
    if (head && head !== seen) {
      const report = await reconcileRepository(
        options.endpoint,
        options.dir,
        options.defaultAccountId,
        head,
      );
      log(
        `Reconciled ${head.slice(0, 8)}: ${
          report.applications
        } Applications, created ${
          report.created.join(', ') || 'nothing'
        }, adopted ${report.adopted.join(', ') || 'nothing'}, updated ${
          report.updated.join('; ') || 'nothing'
        }`,
      );
      report.notApplied.forEach(n => log(`  not applied ${n}`));
      report.errors.forEach(e => log(`  refused ${e}`));
      seen = head;
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 2000));
  }
}
