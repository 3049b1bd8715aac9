import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  describeEncryption,
  parseTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClientFactory } from './awsClients';
import { readTableEncryption } from './tableReader';

// What moto cannot show: real AWS's KeyManager, rotation period, throttling, access denied, UPDATING.
const ddbMock = mockClient(DynamoDBClient);
const kmsMock = mockClient(KMSClient);
const table = parseTableArn(
  'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
)!;
const keyId = '12345678-1234-1234-1234-123456789012';
const keyArn = `arn:aws:kms:us-east-1:111111111111:key/${keyId}`;
const clients = createAwsClientFactory(
  new ConfigReader({
    aws: {
      accounts: [
        { accountId: '111111111111', accessKeyId: 'x', secretAccessKey: 'y' },
      ],
    },
  }),
);

function named(name: string) {
  return Object.assign(new Error(name), { name, $metadata: {} });
}

beforeEach(() => {
  ddbMock.reset();
  kmsMock.reset();
});

describe('readTableEncryption', () => {
  it('reads KeyManager AWS, rotation period and next date, and an UPDATING key switch', async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableStatus: 'ACTIVE',
        SSEDescription: {
          Status: 'UPDATING',
          SSEType: 'KMS',
          KMSMasterKeyArn: keyArn,
        },
      },
    });
    kmsMock.on(DescribeKeyCommand).resolves({
      KeyMetadata: {
        KeyId: keyId,
        Arn: keyArn,
        KeyManager: 'CUSTOMER',
        KeyState: 'Enabled',
      },
    });
    kmsMock.on(ListAliasesCommand).resolves({
      Aliases: [{ AliasName: 'alias/orders', TargetKeyId: keyId }],
    });
    kmsMock.on(GetKeyRotationStatusCommand).resolves({
      KeyRotationEnabled: true,
      RotationPeriodInDays: 90,
      NextRotationDate: new Date('2027-02-01T00:00:00Z'),
    });
    const observation = await readTableEncryption(clients, table);
    expect(observation.refusals).toEqual([]);
    expect(describeEncryption(observation)).toMatchObject({
      keyType: 'CUSTOMER_MANAGED',
      sseStatus: 'UPDATING',
      rotation: {
        enabled: true,
        periodDays: 90,
        nextRotationDate: '2027-02-01T00:00:00.000Z',
      },
    });
    expect(kmsMock.commandCalls(ListAliasesCommand)[0].args[0].input).toEqual({
      KeyId: keyId,
    });
  });

  it('classifies KeyManager AWS as AWS managed without asking for rotation', async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        SSEDescription: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
      },
    });
    kmsMock.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: keyId, Arn: keyArn, KeyManager: 'AWS' },
    });
    kmsMock.on(ListAliasesCommand).resolves({ Aliases: [] });
    const observation = await readTableEncryption(clients, table);
    expect(describeEncryption(observation).keyType).toBe('AWS_MANAGED');
    expect(kmsMock.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(0);
  });

  it('makes no KMS call for the AWS owned key', async () => {
    ddbMock
      .on(DescribeTableCommand)
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    await readTableEncryption(clients, table);
    expect(kmsMock.calls()).toHaveLength(0);
  });

  it('says the key type is unknown, and what to grant, when KMS denies DescribeKey', async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        SSEDescription: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
      },
    });
    kmsMock.on(DescribeKeyCommand).rejects(named('AccessDeniedException'));
    kmsMock.on(ListAliasesCommand).resolves({ Aliases: [] });
    const observation = await readTableEncryption(clients, table);
    expect(observation.refusals?.map(r => r.action)).toEqual([
      'kms:DescribeKey',
    ]);
    expect(describeEncryption(observation)).toMatchObject({
      keyType: 'UNKNOWN',
      kmsKeyArn: keyArn,
      undetermined: {
        grant: [
          {
            actions: ['kms:DescribeKey'],
            resource: keyArn,
            accountId: '111111111111',
          },
        ],
      },
    });
  });

  it('maps ResourceNotFound to a 404 naming account and region', async () => {
    ddbMock
      .on(DescribeTableCommand)
      .rejects(named('ResourceNotFoundException'));
    await expect(readTableEncryption(clients, table)).rejects.toThrow(
      new NotFoundError('table orders not found in 111111111111/us-east-1'),
    );
  });

  it('maps throttling to 503 once the SDK has given up retrying', async () => {
    ddbMock.on(DescribeTableCommand).rejects(named('ThrottlingException'));
    const error = await readTableEncryption(clients, table).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/throttling/);
  });
});
