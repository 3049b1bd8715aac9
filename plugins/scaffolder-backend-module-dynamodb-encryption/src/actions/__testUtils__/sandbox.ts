import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  createKmsKeyService,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';

/** The sandbox the test command started, with a fresh account per test file. */
export function sandbox() {
  const endpoint = process.env.SANDBOX_ENDPOINT;
  if (!endpoint)
    throw new Error(
      'SANDBOX_ENDPOINT is not set: run the tests with ./scripts/test.sh',
    );
  const clients = createAwsClientFactory(
    new ConfigReader(sandboxAwsConfig(endpoint)),
  );
  const accountId = String(
    100000000000 + Math.floor(Math.random() * 899999999999),
  );
  return { clients, keys: createKmsKeyService(clients), accountId };
}

export async function createKey(
  clients: ReturnType<typeof createAwsClientFactory>,
  target: { accountId: string; region: string },
  options: {
    alias?: string;
    rotation?: boolean;
    state?: 'Disabled' | 'PendingDeletion';
    keySpec?: 'RSA_2048';
  } = {},
) {
  const kms = await clients.kms(target);
  const key = (
    await kms.send(
      new CreateKeyCommand(
        options.keySpec
          ? { KeySpec: options.keySpec, KeyUsage: 'ENCRYPT_DECRYPT' }
          : {},
      ),
    )
  ).KeyMetadata!;
  if (options.alias)
    await kms.send(
      new CreateAliasCommand({
        AliasName: options.alias,
        TargetKeyId: key.KeyId,
      }),
    );
  if (options.rotation)
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
  if (options.state === 'Disabled')
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
  if (options.state === 'PendingDeletion')
    await kms.send(
      new ScheduleKeyDeletionCommand({
        KeyId: key.KeyId,
        PendingWindowInDays: 7,
      }),
    );
  return key.Arn!;
}
