import type { Finding } from './report';
/**
 * What the GitOps side did with an Application, beside its manifest. In a cluster this is the KubeVela
 * Application's own `.status` (`status.status` is `running` once applied, a workflow failure otherwise, with
 * the message); the sandbox reconciler writes the same facts as a file next to the manifest in the sandbox
 * GitOps repository's working tree (never committed: status is not desired state), which the backend reads
 * with the UrlReader exactly as it reads the manifest.
 *
 * @public
 */
export interface ApplicationStatus {
  application: string;
  phase: 'applied' | 'refused';
  /** Why it was refused, as the reconciler said it. */
  message?: string;
  /** The commit of the GitOps repository this status is about. */
  commit?: string;
  updatedAt: string;
}

/**
 * Where an Application's status lives: `application.yaml` → `application.status.json`.
 *
 * @public
 */
export function applicationStatusLocation(manifest: string): string {
  return `${manifest.replace(/\.ya?ml$/, '')}.status.json`;
}

/**
 * Reads a status file's text; undefined when it is not a status.
 *
 * @public
 */
export function parseApplicationStatus(
  text: string,
): ApplicationStatus | undefined {
  try {
    const value = JSON.parse(text);
    if (
      typeof value?.application === 'string' &&
      (value.phase === 'applied' || value.phase === 'refused')
    )
      return value as ApplicationStatus;
  } catch {
    // Not JSON: not a status.
  }
  return undefined;
}

/**
 * The refusal in words for the table's page.
 *
 * @public
 */
export function refusalSentence(status: ApplicationStatus): string {
  return `The GitOps reconciler refused Application ${status.application}${
    status.commit ? ` at commit ${status.commit.slice(0, 8)}` : ''
  }: ${status.message ?? 'no reason given'}`;
}

/**
 * The finding a refused Application adds to its table, wherever the table is judged (its page, its
 * scorecard): the table in AWS is as an earlier commit left it.
 *
 * @public
 */
export function applicationRefusedFinding(status: ApplicationStatus): Finding {
  return {
    id: 'application-refused',
    severity: 'high',
    title: refusalSentence(status),
    detail:
      'The table in AWS is as an earlier commit left it; fix the Application and commit again.',
  };
}
