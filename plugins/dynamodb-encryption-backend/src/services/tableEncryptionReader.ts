import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import {
  classifyKeyType,
  TableArn,
  TableEncryptionObservation,
} from '@internal/plugin-dynamodb-encryption-common';
import { AwsClientFactory } from './awsClients';
import { isAccessDenied, mapAwsError } from './awsErrors';

/** An observation plus the KMS calls AWS refused, so a report can still be served. */
export interface TableRead {
  observation: TableEncryptionObservation;
  accessDenied: string[];
}

/**
 * Reads what protects one table: DescribeTable, then for a KMS-encrypted table DescribeKey (which also
 * normalises an echoed alias to the key ARN), ListAliases by key id and, for customer managed keys,
 * GetKeyRotationStatus and GetKeyPolicy.
 */
export async function readTableEncryption(
  clients: AwsClientFactory,
  table: TableArn,
): Promise<TableRead> {
  const target = { accountId: table.accountId, region: table.region };
  const dynamodb = await clients.dynamodb(target);
  const described = await dynamodb
    .send(new DescribeTableCommand({ TableName: table.tableName }))
    .catch(e => {
      throw mapAwsError(e, { ...target, resource: `table ${table.tableName}` });
    });
  const t = described.Table;
  const observation: TableEncryptionObservation = {
    table: {
      arn: table.arn,
      name: table.tableName,
      accountId: table.accountId,
      region: table.region,
      status: t?.TableStatus,
    },
    sse: t?.SSEDescription,
  };
  const accessDenied: string[] = [];
  const keyRef = t?.SSEDescription?.KMSMasterKeyArn;
  if (!keyRef || classifyKeyType({ sse: observation.sse }) === 'AWS_OWNED') {
    return { observation, accessDenied };
  }

  const kms = await clients.kms(target);
  const guarded = async <T>(
    action: string,
    call: () => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await call();
    } catch (e) {
      if (isAccessDenied(e)) {
        accessDenied.push(action);
        return undefined;
      }
      throw mapAwsError(e, { ...target, resource: `KMS key ${keyRef}` });
    }
  };

  const key = await guarded('kms:DescribeKey', () =>
    kms.send(new DescribeKeyCommand({ KeyId: keyRef })),
  );
  observation.key = key?.KeyMetadata;
  const keyId = key?.KeyMetadata?.KeyId;
  if (!keyId) return { observation, accessDenied };

  const aliases = await guarded('kms:ListAliases', () =>
    kms.send(new ListAliasesCommand({ KeyId: keyId })),
  );
  observation.aliases = (aliases?.Aliases ?? [])
    .filter(a => a.TargetKeyId === keyId)
    .map(a => a.AliasName)
    .filter((a): a is string => !!a);

  if (classifyKeyType(observation) === 'CUSTOMER_MANAGED') {
    const [rotation, policy] = await Promise.all([
      guarded('kms:GetKeyRotationStatus', () =>
        kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
      ),
      guarded('kms:GetKeyPolicy', () =>
        kms.send(
          new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }),
        ),
      ),
    ]);
    observation.rotation = rotation;
    observation.keyPolicy = policy?.Policy;
  }
  return { observation, accessDenied };
}
