import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetResourcePolicyCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
} from '@aws-sdk/client-kms';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { parseTableArn } from '@dynamodb-encryption/backstage-plugin-common';
import { mockClient } from 'aws-sdk-client-mock';
import { readTableForAdoption } from './adoptionReader';
import { createAwsClientFactory } from './awsClients';

// What moto cannot show: a table class, an on-demand maximum, access denied. The happy path runs on moto in
// the backend plugin's adoption tests.
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
  ddbMock.on(DescribeContinuousBackupsCommand).resolves({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: 'ENABLED',
        RecoveryPeriodInDays: 7,
      },
    },
  });
  ddbMock.on(DescribeTimeToLiveCommand).resolves({
    TimeToLiveDescription: {
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    },
  });
  ddbMock
    .on(ListTagsOfResourceCommand)
    .resolvesOnce({
      Tags: [{ Key: 'owner', Value: 'orders-team' }],
      NextToken: 'n',
    })
    .resolves({ Tags: [{ Key: 'system', Value: 'commerce' }] });
  ddbMock
    .on(GetResourcePolicyCommand)
    .rejects(named('PolicyNotFoundException'));
});

describe('readTableForAdoption', () => {
  it('reads what ACK will compare: the table, backups, time to live, every tag page, the policy and the key', async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: 'orders',
        TableStatus: 'ACTIVE',
        TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
        OnDemandThroughput: { MaxReadRequestUnits: 100 },
        SSEDescription: {
          Status: 'ENABLED',
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
      Aliases: [{ AliasName: 'alias/orders-data', TargetKeyId: keyId }],
    });
    // What the Application does not declare may be refused without refusing the adoption.
    kmsMock
      .on(GetKeyRotationStatusCommand)
      .rejects(named('AccessDeniedException'));
    kmsMock.on(GetKeyPolicyCommand).rejects(named('AccessDeniedException'));
    kmsMock.on(ListGrantsCommand).rejects(named('AccessDeniedException'));

    const observation = await readTableForAdoption(clients, table);
    expect(observation).toMatchObject({
      table: { name: 'orders', status: 'ACTIVE' },
      description: {
        TableClassSummary: { TableClass: 'STANDARD_INFREQUENT_ACCESS' },
        OnDemandThroughput: { MaxReadRequestUnits: 100 },
      },
      pointInTimeRecovery: { status: 'ENABLED', recoveryPeriodInDays: 7 },
      timeToLive: { status: 'ENABLED', attributeName: 'expiresAt' },
      tags: { owner: 'orders-team', system: 'commerce' },
      resourcePolicy: null,
      key: { Arn: keyArn, KeyManager: 'CUSTOMER' },
      aliases: ['alias/orders-data'],
      refusals: [],
    });
  });

  it('records each read AWS refuses, and a key it cannot classify with its refusal', async () => {
    ddbMock.on(DescribeTableCommand).resolves({
      Table: {
        TableName: 'orders',
        TableStatus: 'ACTIVE',
        SSEDescription: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
      },
    });
    ddbMock
      .on(DescribeTimeToLiveCommand)
      .rejects(named('AccessDeniedException'));
    ddbMock
      .on(ListTagsOfResourceCommand)
      .rejects(named('AccessDeniedException'));
    ddbMock
      .on(GetResourcePolicyCommand)
      .rejects(named('AccessDeniedException'));
    kmsMock.on(DescribeKeyCommand).rejects(named('AccessDeniedException'));
    kmsMock.on(ListAliasesCommand).rejects(named('AccessDeniedException'));

    const observation = await readTableForAdoption(clients, table);
    expect(observation.timeToLive).toBeUndefined();
    expect(observation.tags).toBeUndefined();
    expect(observation.resourcePolicy).toBeUndefined();
    expect(observation.refusals.map(r => r.action).sort()).toEqual([
      'dynamodb:DescribeTimeToLive',
      'dynamodb:GetResourcePolicy',
      'dynamodb:ListTagsOfResource',
      'kms:DescribeKey',
      'kms:ListAliases',
    ]);
  });

  it('records a refused DescribeTable, and answers 404 for a table AWS does not have', async () => {
    ddbMock
      .on(DescribeTableCommand)
      .rejectsOnce(named('AccessDeniedException'));
    const denied = await readTableForAdoption(clients, table);
    expect(denied.description).toBeUndefined();
    expect(denied.refusals).toEqual([
      expect.objectContaining({
        action: 'dynamodb:DescribeTable',
        reason: 'access-denied',
      }),
    ]);

    ddbMock
      .on(DescribeTableCommand)
      .rejects(named('ResourceNotFoundException'));
    await expect(readTableForAdoption(clients, table)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
