import type { AckTable } from './ack';

/** The ACK runtime's adoption annotations (apis/core/v1alpha1/annotations.go, runtime v0.61.0). */
export const ADOPTION_POLICY_ANNOTATION = 'services.k8s.aws/adoption-policy';
export const ADOPTION_FIELDS_ANNOTATION = 'services.k8s.aws/adoption-fields';

/**
 * `adopt`: read the resource the adoption fields name and take it over, never create it; `adopt-or-create`:
 * take it over when it exists, create it from the spec when it does not.
 */
export type AdoptionPolicy = 'adopt' | 'adopt-or-create';

/** What the controller adopts for a Table: the policy and the name it reads the table by. */
export interface Adoption {
  policy: AdoptionPolicy;
  tableName: string;
}

/**
 * ACK's reading of a Table's adoption annotations (runtime v0.61.0, the dynamodb-controller v1.9.2 pins it;
 * pkg/runtime/util.go GetAdoptionPolicy and ExtractAdoptionFields, reconciler.go handlePopulation, and the
 * Table's PopulateResourceFromAnnotation): no policy, no adoption; an unknown policy, or `adopt` without a
 * usable `adoption-fields` JSON naming `tableName`, is a terminal error (thrown, with ACK's message);
 * `adopt-or-create` without fields reads the table by the spec's name.
 */
export function ackAdoption(table: AckTable): Adoption | undefined {
  const annotations = table.metadata.annotations ?? {};
  const policy = annotations[ADOPTION_POLICY_ANNOTATION];
  if (policy === undefined) return undefined;
  if (policy !== 'adopt' && policy !== 'adopt-or-create')
    throw new Error(
      `unrecognized adoption policy ${policy}. Supported policies are "adopt" and "adopt-or-create"`,
    );
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(annotations[ADOPTION_FIELDS_ANNOTATION] ?? '');
    if (
      typeof fields !== 'object' ||
      fields === null ||
      Array.isArray(fields) ||
      Object.values(fields).some(v => typeof v !== 'string')
    )
      throw new Error('not a JSON object of strings');
  } catch (e) {
    if (policy === 'adopt-or-create')
      return { policy, tableName: table.spec.tableName };
    throw new Error(
      `unmarshalling adoption-fields annotation: ${(e as Error).message}`,
    );
  }
  if (typeof fields.tableName !== 'string') {
    if (policy === 'adopt-or-create')
      return { policy, tableName: table.spec.tableName };
    throw new Error(
      'Error populating adoption fields: required field missing: tableName',
    );
  }
  // adopt-or-create keeps the spec as given; adopt reads the table the fields name.
  return {
    policy,
    tableName: policy === 'adopt' ? fields.tableName : table.spec.tableName,
  };
}
