import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KeyMetadata,
  KMSClient,
  ListAliasesCommand,
  paginateListAliases,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import { InputError } from '@backstage/errors';
import {
  AssessmentContext,
  analyzeKeyPolicy,
  estimateKeyChoice,
  keyAccountIdOf,
  displayAliases,
  isAwsManagedKey,
  keyUsability,
  KmsKeyOption,
  parseKmsKeyReference,
  ResolvedKmsKey,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AwsClientFactory, AwsTarget } from './awsClients';
import { mapAwsError } from './awsErrors';
import pLimit from 'p-limit';

/** Keys read at once per account and region, within KMS's request quotas. */
const CONCURRENCY = 5;

/** Every alias of an account and region (paged). */
export async function listAllAliases(kms: KMSClient) {
  const aliases: { AliasName?: string; TargetKeyId?: string }[] = [];
  for await (const page of paginateListAliases({ client: kms }, {})) {
    aliases.push(...(page.Aliases ?? []));
  }
  return aliases;
}

async function allKeyIds(kms: KMSClient) {
  const ids: string[] = [];
  for await (const page of paginateListKeys({ client: kms }, {})) {
    ids.push(...(page.Keys ?? []).map(k => k.KeyId!).filter(Boolean));
  }
  return ids;
}

function option(
  meta: KeyMetadata,
  aliases: string[],
  region: string,
  rotation?: { KeyRotationEnabled?: boolean; RotationPeriodInDays?: number },
): KmsKeyOption {
  const usability = keyUsability(meta, region);
  return {
    keyArn: meta.Arn!,
    keyId: meta.KeyId!,
    aliases,
    description: meta.Description || undefined,
    keyState: meta.KeyState,
    keySpec: meta.KeySpec,
    rotation: rotation && {
      enabled: rotation.KeyRotationEnabled === true,
      periodDays: rotation.RotationPeriodInDays,
    },
    usable: usability.usable,
    ...(usability.usable ? {} : { reason: usability.reason }),
  };
}

/**
 * Customer managed keys for the form, and key references resolved for the scaffolder actions.
 *
 * @public
 */
export function createKmsKeyService(clients: AwsClientFactory) {
  const wrap = (target: AwsTarget, resource: string) => (e: unknown) => {
    throw mapAwsError(e, { ...target, resource });
  };

  return {
    /** Every customer managed key of an account and region: usable ones first, by alias. */
    async listKeyOptions(
      target: AwsTarget,
      context: Pick<AssessmentContext, 'pricing' | 'assumptions'> = {},
    ): Promise<KmsKeyOption[]> {
      const kms = await clients.kms(target);
      const [ids, aliases] = await Promise.all([
        allKeyIds(kms),
        listAllAliases(kms),
      ]).catch(wrap(target, 'KMS keys'));
      const aliasesOf = (keyId: string) =>
        displayAliases(
          aliases.filter(a => a.TargetKeyId === keyId).map(a => a.AliasName!),
        );
      const limit = pLimit(CONCURRENCY);
      const options = await Promise.all(
        ids.map(id =>
          limit(async (): Promise<KmsKeyOption | undefined> => {
            const meta = (
              await kms
                .send(new DescribeKeyCommand({ KeyId: id }))
                .catch(wrap(target, `KMS key ${id}`))
            ).KeyMetadata!;
            const keyAliases = aliasesOf(id);
            // AWS managed keys are chosen as "AWS managed key", not picked; moto says CUSTOMER, so check the alias too.
            if (isAwsManagedKey(meta, keyAliases)) return undefined;
            const rotation =
              meta.KeyState === 'Enabled' &&
              meta.KeySpec === 'SYMMETRIC_DEFAULT'
                ? await kms
                    .send(new GetKeyRotationStatusCommand({ KeyId: id }))
                    .catch(() => undefined)
                : undefined;
            const choice = option(meta, keyAliases, target.region, rotation);
            return {
              ...choice,
              estimate: estimateKeyChoice(choice, target, context),
            };
          }),
        ),
      );
      return options
        .filter((o): o is KmsKeyOption => !!o)
        .sort(
          (a, b) =>
            Number(b.usable) - Number(a.usable) ||
            (a.aliases[0] ?? '~').localeCompare(b.aliases[0] ?? '~'),
        );
    },

    /** Resolves a key reference (key id, ARN, alias name or alias ARN) in a table's account and region. */
    async resolveKey(
      reference: string,
      target: AwsTarget,
    ): Promise<ResolvedKmsKey> {
      const parsed = parseKmsKeyReference(reference);
      if (!parsed)
        throw new InputError(
          `kmsKeyId ${JSON.stringify(
            reference,
          )} is not a KMS key id, key ARN, alias name or alias ARN`,
        );
      if (
        (parsed.form === 'keyArn' || parsed.form === 'aliasArn') &&
        (parsed.accountId !== target.accountId ||
          parsed.region !== target.region)
      ) {
        throw new InputError(
          `kmsKeyId ${reference} is in ${parsed.accountId}/${parsed.region}; the table is in ${target.accountId}/${target.region}`,
        );
      }
      const kms = await clients.kms(target);
      const meta = (
        await kms
          .send(new DescribeKeyCommand({ KeyId: reference }))
          .catch(e => {
            if ((e as { name?: string }).name === 'NotFoundException') {
              throw new InputError(
                `kmsKeyId ${reference}: no such key in ${target.accountId}/${target.region}`,
              );
            }
            return wrap(target, `KMS key ${reference}`)(e);
          })
      ).KeyMetadata!;
      const [aliases, rotation, policy] = await Promise.all([
        kms
          .send(new ListAliasesCommand({ KeyId: meta.KeyId }))
          .then(r => (r.Aliases ?? []).map(a => a.AliasName!)),
        meta.KeyState === 'Enabled'
          ? kms
              .send(new GetKeyRotationStatusCommand({ KeyId: meta.KeyId }))
              .catch(() => undefined)
          : undefined,
        kms
          .send(
            new GetKeyPolicyCommand({
              KeyId: meta.KeyId,
              PolicyName: 'default',
            }),
          )
          .catch(() => undefined),
      ]);
      return {
        ...option(meta, displayAliases(aliases), target.region, rotation),
        reference,
        keyPolicy: policy?.Policy
          ? // The same question as the table's report, with the same accounts, so the two agree.
            analyzeKeyPolicy(policy.Policy, target.region, {
              keyAccountId: keyAccountIdOf(meta.Arn),
              callerAccountId: target.accountId,
            })
          : undefined,
      };
    },
  };
}

/** @public */
export type KmsKeyService = ReturnType<typeof createKmsKeyService>;
