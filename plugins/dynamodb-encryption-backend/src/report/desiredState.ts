import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  applicationRefusedFinding,
  ApplicationStatus,
  applicationStatusLocation,
  parseApplicationStatus,
  EncryptionTraitProperties,
  Finding,
  KUBEVELA_DEFINITIONS,
  manifestLocation,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { parseAllDocuments } from 'yaml';

/** The encryption an entity's Application manifest asks for, or why it could not be known. */
export type DesiredState =
  | { kind: 'none' }
  | {
      kind: 'desired';
      properties: EncryptionTraitProperties;
      manifestUrl: string;
    }
  | { kind: 'problem'; finding: Finding };

interface Component {
  type?: string;
  properties?: { tableName?: string };
  traits?: { type?: string; properties?: unknown }[];
}

/** The manifest's URL (`-common`'s, shared with the scaffolder's key change). */
export { manifestLocation };

/** True for a read that found nothing at the URL: an answer, unlike an error on the way. */
function isNotFound(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'NotFoundError';
}

function unreadable(manifestUrl: string, title: string): DesiredState {
  return {
    kind: 'problem',
    finding: {
      id: 'manifest-unreadable',
      severity: 'low',
      title,
      detail: `Manifest: ${manifestUrl}`,
    },
  };
}

/** The finding of a manifest that could not be read, when there is no earlier reading of it to show. */
export function unreadableManifest(entity: Entity): DesiredState {
  const manifestUrl = manifestLocation(entity);
  if (!manifestUrl) return { kind: 'none' };
  return unreadable(
    manifestUrl,
    'The Application manifest could not be read, so drift is unknown',
  );
}

/**
 * Reads the Application manifest the entity points to (annotation `dynamodb-encryption.io/application-manifest`)
 * with the UrlReader service, finds the aws-dynamodb-kro component of the table, and validates its encryption
 * trait with the shared rules. No trait means the trait's defaults.
 *
 * A manifest that is not there is an answer (a problem finding); an error on the way is thrown, so that a
 * cache keeps what it read before instead of storing "could not read" as the manifest's content.
 */
export async function loadDesiredState(
  deps: { urlReader: UrlReaderService; logger: LoggerService },
  entity: Entity,
  tableName: string,
): Promise<DesiredState> {
  const manifestUrl = manifestLocation(entity);
  if (!manifestUrl) return { kind: 'none' };
  const problem = (title: string) => unreadable(manifestUrl, title);
  let text: string;
  try {
    text = (
      await (await deps.urlReader.readUrl(manifestUrl)).buffer()
    ).toString('utf8');
  } catch (e) {
    if (!isNotFound(e)) throw e;
    deps.logger.warn('An Application manifest is not there', {
      manifestUrl,
      error: String(e),
    });
    return problem(
      'The Application manifest could not be read, so drift is unknown',
    );
  }
  const components: Component[] = parseAllDocuments(text)
    .map(
      d => d.toJS() as { kind?: string; spec?: { components?: Component[] } },
    )
    .filter(d => d?.kind === 'Application')
    .flatMap(d => d.spec?.components ?? []);
  const component = components.find(
    c =>
      c.type === KUBEVELA_DEFINITIONS.component &&
      c.properties?.tableName === tableName,
  );
  if (!component)
    return problem(
      `The Application manifest has no ${KUBEVELA_DEFINITIONS.component} component for table ${tableName}`,
    );
  const trait = component.traits?.find(
    t => t.type === KUBEVELA_DEFINITIONS.encryptionTrait,
  );
  const validated = validateEncryptionTrait(trait?.properties ?? {});
  if (!validated.ok) {
    return problem(
      `The manifest's encryption trait is invalid: ${validated.errors
        .map(e => `${e.field} ${e.message}`)
        .join('; ')}`,
    );
  }
  return { kind: 'desired', properties: validated.value, manifestUrl };
}

/** `loadDesiredState`, with a manifest that could not be read as a problem finding (logged). */
export async function readDesiredState(
  deps: { urlReader: UrlReaderService; logger: LoggerService },
  entity: Entity,
  tableName: string,
): Promise<DesiredState> {
  try {
    return await loadDesiredState(deps, entity, tableName);
  } catch (e) {
    deps.logger.warn('Could not read an Application manifest', {
      manifestUrl: manifestLocation(entity),
      error: String(e),
    });
    return unreadableManifest(entity);
  }
}

/**
 * What the GitOps side last did with the entity's Application (the file beside the manifest; in a cluster,
 * the Application's status). Undefined when there is no manifest or no status yet; an error on the way is
 * thrown (a cache keeps what it read before rather than storing "no status").
 */
export async function loadApplicationStatus(
  deps: { urlReader: UrlReaderService },
  entity: Entity,
): Promise<ApplicationStatus | undefined> {
  const manifestUrl = manifestLocation(entity);
  if (!manifestUrl) return undefined;
  try {
    const response = await deps.urlReader.readUrl(
      applicationStatusLocation(manifestUrl),
    );
    return parseApplicationStatus((await response.buffer()).toString('utf8'));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** `loadApplicationStatus`, undefined when it could not be read. Not cached. */
export async function readApplicationStatus(
  deps: { urlReader: UrlReaderService },
  entity: Entity,
): Promise<ApplicationStatus | undefined> {
  return loadApplicationStatus(deps, entity).catch(() => undefined);
}

/**
 * What Git adds to a table's findings, the same on its page and its scorecard: the Application refused by
 * the GitOps side, and a manifest that cannot be read or does not say what it should.
 */
export function gitOpsFindings(
  desired: DesiredState,
  status: ApplicationStatus | undefined,
): Finding[] {
  return [
    ...(status?.phase === 'refused' ? [applicationRefusedFinding(status)] : []),
    ...(desired.kind === 'problem' ? [desired.finding] : []),
  ];
}
