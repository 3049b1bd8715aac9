import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { parseKmsKeyReference } from '@dynamodb-encryption/backstage-plugin-common';
import {
  CallContext,
  CloudTrailRecord,
  kmsKeyCall,
  putKeyPolicyCall,
  scheduleKeyDeletionCall,
} from '../cloudTrailEvents';
import { Fleet } from '../fleet';
import { findKey } from '../seed';
import { MoveInputError, MoveRequest } from './types';

/** The key a move names, in the move's account and region: its id and ARN. */
export async function resolveKey(
  kms: KMSClient,
  fleet: Fleet,
  target: { accountId: string; region: string },
  ref: string | undefined,
) {
  if (!ref) throw new MoveInputError('key', 'a key is needed');
  const at = `account ${target.accountId}, region ${target.region}`;
  let keyRef = ref;
  const parsed = parseKmsKeyReference(ref);
  if (!parsed) {
    const demo = fleet.keys.find(
      k =>
        k.id === ref &&
        k.account === target.accountId &&
        k.region === target.region,
    );
    const arn = demo && (await findKey(kms, demo.id));
    if (!arn)
      throw new MoveInputError(
        'key',
        `"${ref}" is neither a key id, key ARN, alias nor a demo key in ${at}`,
      );
    keyRef = arn;
  } else if (
    'accountId' in parsed &&
    (parsed.accountId !== target.accountId || parsed.region !== target.region)
  ) {
    throw new MoveInputError(
      'key',
      `${ref} is in account ${parsed.accountId}, region ${parsed.region}, not ${at}`,
    );
  }
  const described = await kms
    .send(new DescribeKeyCommand({ KeyId: keyRef }))
    .catch(e => {
      if ((e as Error).name === 'NotFoundException')
        throw new MoveInputError('key', `no key ${ref} in ${at}`);
      throw e;
    });
  const meta = described.KeyMetadata!;
  return { keyId: meta.KeyId!, keyArn: meta.Arn! };
}

function pendingWindow(days: number | undefined) {
  const value = days ?? 7;
  if (!Number.isInteger(value) || value < 7 || value > 30)
    throw new MoveInputError(
      'days',
      `${days} is not a whole number of days from 7 to 30 (AWS's pending window)`,
    );
  return value;
}

function policyDocument(policy: string | undefined) {
  if (!policy)
    throw new MoveInputError('policy-file', 'a key policy is needed');
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch (e) {
    throw new MoveInputError(
      'policy-file',
      `not JSON: ${(e as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || !('Statement' in parsed))
    throw new MoveInputError('policy-file', 'not a key policy (no Statement)');
  return policy;
}

/** Makes a key move's KMS call; returns its CloudTrail record. */
export async function keyMove(
  kms: KMSClient,
  context: CallContext,
  request: MoveRequest,
  key: { keyId: string; keyArn: string },
): Promise<{ record: CloudTrailRecord; summary: string }> {
  // The calls name the key by id, as moto's KMS needs, and as a caller of AWS's DisableKey may (no alias).
  const KeyId = key.keyId;
  switch (request.move) {
    case 'disable-key':
      await kms.send(new DisableKeyCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'DisableKey', key),
        summary: `disabled ${key.keyArn}`,
      };
    case 'enable-key':
      await kms.send(new EnableKeyCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'EnableKey', key),
        summary: `enabled ${key.keyArn}`,
      };
    case 'schedule-key-deletion': {
      const days = pendingWindow(request.pendingWindowInDays);
      const res = await kms.send(
        new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: days }),
      );
      const deletionDate =
        res.DeletionDate ?? new Date(Date.now() + days * 86_400_000);
      return {
        record: scheduleKeyDeletionCall(context, key, days, deletionDate),
        summary: `scheduled ${
          key.keyArn
        } for deletion on ${deletionDate.toISOString()}`,
      };
    }
    case 'cancel-key-deletion':
      await kms.send(new CancelKeyDeletionCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'CancelKeyDeletion', key),
        summary: `cancelled the deletion of ${key.keyArn} (the key stays Disabled, as on AWS)`,
      };
    case 'enable-key-rotation':
      await kms.send(new EnableKeyRotationCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'EnableKeyRotation', key),
        summary: `enabled rotation of ${key.keyArn}`,
      };
    case 'disable-key-rotation':
      await kms.send(new DisableKeyRotationCommand({ KeyId }));
      return {
        record: kmsKeyCall(context, 'DisableKeyRotation', key),
        summary: `disabled rotation of ${key.keyArn}`,
      };
    case 'put-key-policy': {
      const policy = policyDocument(request.policy);
      await kms.send(
        new PutKeyPolicyCommand({
          KeyId,
          PolicyName: 'default',
          Policy: policy,
        }),
      );
      return {
        record: putKeyPolicyCall(context, key, policy),
        summary: `replaced the key policy of ${key.keyArn}`,
      };
    }
    default:
      throw new Error(`${request.move} is not a key move`);
  }
}
