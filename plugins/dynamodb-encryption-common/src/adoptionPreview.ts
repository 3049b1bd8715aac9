import { DYNAMODB_TABLE_ARN_ANNOTATION, KeyType } from './constants';
import { DISCOVERED_TABLE_ANNOTATION } from './entity';
import type { AdoptionGap } from './adoptionGaps';
import type { TableSummary } from './report';

/**
 * How the ACK controller takes over a table that already exists: the `services.k8s.aws/adoption-policy`
 * annotation (ACK runtime resource adoption). `adopt-or-create` adopts the table when it exists and then keeps
 * it equal to the Table's spec, which the adopted Application renders equal to the table, so adopting writes
 * nothing. (The other policy, `adopt`, overwrites the Table's spec with what AWS has, which kro would render
 * back at once.)
 *
 * @public
 */
export const ACK_ADOPTION = {
  annotation: 'services.k8s.aws/adoption-policy',
  policy: 'adopt-or-create',
} as const;

/**
 * The discovered table entity an adoption starts from: its ref, ARN annotation, owner and system.
 *
 * @public
 */
export interface AdoptionSource {
  entityRef: string;
  annotations?: Record<string, string>;
  owner?: string;
  system?: string;
}

/**
 * A catalog entity that already holds a name the adopted table would take: an entity of the table's
 * name, or one declaring a table whose Application has the same Kubernetes name.
 *
 * @public
 */
export interface AdoptionNameClaim {
  entityRef: string;
  name: string;
  /** The table the entity declares, when it declares one. */
  tableArn?: string;
}

/**
 * What "Adopt into GitOps" would commit for a discovered table, or why it refuses: the one answer of the
 * preview route and of the `dynamodb:application:adopt` action.
 *
 * @public
 */
export interface AdoptionPreview {
  /** The discovered entity. */
  entityRef: string;
  table: TableSummary;
  /** The key type the Application declares (the one the table has). */
  keyType?: KeyType;
  /** The entity the commit declares, once the catalog reads it. */
  declaredEntityRef?: string;
  /** The files, in a folder of the GitOps repository; absent when the action refuses. */
  files?: {
    folder: string;
    applicationPath: string;
    application: string;
    catalogInfoPath: string;
    catalogInfo: string;
  };
  /** How the ACK controller adopts the table (the annotation its Table carries). */
  adoption: typeof ACK_ADOPTION;
  /** What the table has that the definitions cannot declare, with what leaving it out does. */
  gaps: AdoptionGap[];
  /** Why the action refuses, in words; empty when it adopts. */
  refusals: string[];
}

/**
 * Why the entity is not a discovered table that adoption can start from; undefined when it is one.
 *
 * @public
 */
export function notAdoptable(source: AdoptionSource): string | undefined {
  if (source.annotations?.[DISCOVERED_TABLE_ANNOTATION] !== 'true')
    return `${source.entityRef} is not a discovered table (no ${DISCOVERED_TABLE_ANNOTATION} annotation): it is declared already`;
  if (!source.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION])
    return `${source.entityRef} has no ${DYNAMODB_TABLE_ARN_ANNOTATION} annotation`;
  return undefined;
}
