import { parseKmsKeyReference } from './arn';
import {
  STREAM_VIEW_TYPES,
  renderApplicationYaml,
  TableApplicationSpec,
} from './application';
import { classifyKeyType, displayAliases } from './classify';
import { AWS_MANAGED_DYNAMODB_KEY_ALIAS, KeyType } from './constants';
import {
  AWS_ACCOUNT_ANNOTATION,
  KMS_KEY_ALIAS_ANNOTATION,
  renderTableEntityYaml,
} from './entity';
import {
  adoptionGaps,
  AdoptionObservation,
  isAwsSystemTag,
} from './adoptionGaps';
import {
  ACK_ADOPTION,
  AdoptionNameClaim,
  AdoptionPreview,
  AdoptionSource,
  notAdoptable,
} from './adoptionPreview';
import { kubernetesNameForTable } from './names';
import { validateTableDefinition } from './table';
import { formatFieldErrors } from './tableName';

function encryptionOf(
  observation: AdoptionObservation,
  keyType: KeyType,
): { spec: TableApplicationSpec['encryption']; alias?: string } {
  if (keyType === 'AWS_OWNED')
    return { spec: { enabled: true, sseType: 'AES256' } };
  if (keyType === 'AWS_MANAGED')
    return {
      spec: {
        enabled: true,
        sseType: 'KMS',
        kmsKeyId: AWS_MANAGED_DYNAMODB_KEY_ALIAS,
      },
    };
  // The key ARN, as ACK reads it back (DescribeTable's KMSMasterKeyArn): anything else updates forever.
  const keyArn =
    observation.key?.Arn ??
    observation.description?.SSEDescription?.KMSMasterKeyArn;
  return {
    spec: { enabled: true, sseType: 'KMS', kmsKeyId: keyArn },
    alias: displayAliases(observation.aliases ?? [])[0],
  };
}

/** Why the table cannot be adopted as it is now, other than its gaps. */
function stateRefusals(
  observation: AdoptionObservation,
  keyType: string,
): string[] {
  const reasons = observation.refusals.map(
    r =>
      `AWS ${r.reason === 'not-found' ? 'found no' : 'refused'} ${
        r.action
      } on ${r.resource} to the portal's role in ${r.callerAccountId}${
        r.reason === 'access-denied'
          ? ': grant it, so the portal sees everything the Application must keep'
          : ''
      }`,
  );
  const d = observation.description;
  if (!d) return reasons;
  if (d.TableStatus !== 'ACTIVE')
    reasons.push(
      `the table is ${d.TableStatus}, not ACTIVE: adopt it once it is ACTIVE`,
    );
  const sseStatus = d.SSEDescription?.Status;
  if (sseStatus && ['UPDATING', 'ENABLING', 'DISABLING'].includes(sseStatus))
    reasons.push(
      `a key switch is in progress (SSE ${sseStatus}): adopt the table once it finishes, with the key it ends on`,
    );
  if (keyType === 'UNKNOWN')
    reasons.push(
      `the portal cannot tell which key type ${d.SSEDescription?.KMSMasterKeyArn} is (DescribeKey gave no answer), so it cannot declare it`,
    );
  return reasons;
}

/**
 * Maps a discovered table, as AWS described it, onto the `aws-dynamodb-kro` component and its traits, and
 * renders the Application and the table's `catalog-info.yaml` with the create flow's renderers
 * (`renderApplicationYaml`, `renderTableEntityYaml`). Every field the definitions render equals what the ACK
 * controller reads back for the table, so adopting it writes nothing; what they cannot render is listed in
 * `gaps`, and a gap that ACK would act on, a table that is not ready, a read AWS refused or a name already
 * taken in the catalog makes it refuse, with the reason in words.
 *
 * @public
 */
export function planAdoption(
  observation: AdoptionObservation,
  source: AdoptionSource,
  claims: readonly AdoptionNameClaim[] = [],
): AdoptionPreview {
  const { table } = observation;
  const gaps = adoptionGaps(observation);
  const base = {
    entityRef: source.entityRef,
    table,
    adoption: ACK_ADOPTION,
    gaps,
  };
  const notDiscovered = notAdoptable(source);
  if (notDiscovered) return { ...base, refusals: [notDiscovered] };
  const d = observation.description;
  const observedType = classifyKeyType({
    sse: d?.SSEDescription,
    key: observation.key,
    aliases: observation.aliases,
    refusals: observation.refusals,
  });
  const refusals = [
    ...stateRefusals(observation, observedType),
    ...gaps
      .filter(g => g.effect === 'refuses')
      .map(g => `${g.feature}: ${g.consequence}`),
  ];
  if (!d || refusals.length) return { ...base, refusals };
  const keyType = observedType as KeyType;
  const encryption = encryptionOf(observation, keyType);
  const keyArn = encryption.spec?.kmsKeyId;
  if (
    keyType === 'CUSTOMER_MANAGED' &&
    parseKmsKeyReference(keyArn ?? '')?.form !== 'keyArn'
  )
    refusals.push(
      `the table's key ${keyArn} is not a key ARN, and the portal could not resolve it to one`,
    );

  const billingMode = (d.BillingModeSummary?.BillingMode ?? 'PROVISIONED') as
    | 'PAY_PER_REQUEST'
    | 'PROVISIONED';
  const provisionedThroughput =
    billingMode === 'PROVISIONED'
      ? {
          readCapacityUnits: d.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
          writeCapacityUnits: d.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
        }
      : undefined;
  const attributeDefinitions = (d.AttributeDefinitions ?? []).map(a => ({
    attributeName: a.AttributeName!,
    attributeType: a.AttributeType as 'S' | 'N' | 'B',
  }));
  const keySchema = (d.KeySchema ?? []).map(k => ({
    attributeName: k.AttributeName!,
    keyType: k.KeyType as 'HASH' | 'RANGE',
  }));
  // The definitions' own rules: the catalog entity's name is the table's, as for a created table.
  for (const e of validateTableDefinition({
    tableName: table.name,
    billingMode,
    provisionedThroughput,
    attributeDefinitions,
    keySchema,
  }))
    refusals.push(
      e.field === 'tableName'
        ? `the table's name cannot be its catalog entity's name: ${e.message}`
        : `the table does not fit the component: ${formatFieldErrors([e])}`,
    );
  const kubernetesName = kubernetesNameForTable(table.name);
  for (const claim of claims) {
    if (claim.tableArn === table.arn) continue;
    refusals.push(
      claim.name.toLocaleLowerCase('en-US') ===
        table.name.toLocaleLowerCase('en-US')
        ? `the catalog already has an entity named ${table.name} (${claim.entityRef})`
        : `its Application name ${kubernetesName} is already the Application of the table ${claim.entityRef} declares`,
    );
  }
  if (refusals.length) return { ...base, keyType, refusals };

  const stream = d.StreamSpecification;
  const tags = Object.fromEntries(
    Object.entries(observation.tags ?? {}).filter(([k]) => !isAwsSystemTag(k)),
  );
  const spec: TableApplicationSpec = {
    table: {
      tableName: table.name,
      region: table.region,
      billingMode,
      provisionedThroughput,
      attributeDefinitions,
      keySchema,
      tags: Object.keys(tags).length ? tags : undefined,
      adopt: true,
    },
    encryption: encryption.spec,
    protection: {
      deletionProtection: d.DeletionProtectionEnabled ?? false,
      pointInTimeRecovery:
        observation.pointInTimeRecovery?.status === 'ENABLED',
    },
    streams: stream?.StreamEnabled
      ? {
          viewType: stream.StreamViewType as (typeof STREAM_VIEW_TYPES)[number],
        }
      : undefined,
    annotations: {
      [AWS_ACCOUNT_ANNOTATION]: table.accountId,
      ...(encryption.alias
        ? { [KMS_KEY_ALIAS_ANNOTATION]: encryption.alias }
        : {}),
    },
  };
  const folder = `apps/${table.name}`;
  return {
    ...base,
    keyType,
    declaredEntityRef: `resource:default/${table.name}`,
    files: {
      folder,
      applicationPath: `${folder}/application.yaml`,
      application: renderApplicationYaml(spec),
      catalogInfoPath: `${folder}/catalog-info.yaml`,
      catalogInfo: renderTableEntityYaml({
        tableName: table.name,
        region: table.region,
        accountId: table.accountId,
        owner: source.owner ?? 'group:default/unowned',
        system: source.system,
        manifestUrl: './application.yaml',
        kmsKeyAlias: encryption.alias,
      }),
    },
    refusals: [],
  };
}
