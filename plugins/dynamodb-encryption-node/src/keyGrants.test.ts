import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
} from '@aws-sdk/client-kms';
import { ConfigReader } from '@backstage/config';
import {
  describeEncryption,
  parseTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClientFactory } from './awsClients';
import { readTableEncryption } from './tableReader';

// Paging and AccessDenied: moto answers ListGrants in one page and never refuses it.
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

beforeEach(() => {
  ddbMock.reset();
  kmsMock.reset();
  ddbMock.on(DescribeTableCommand).resolves({
    Table: {
      TableStatus: 'ACTIVE',
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
      KeyState: 'PendingDeletion',
    },
  });
  kmsMock.on(ListAliasesCommand).resolves({ Aliases: [] });
  kmsMock.on(GetKeyPolicyCommand).resolves({ Policy: '{"Statement":[]}' });
});

describe('reading a key’s grants', () => {
  it('reads every page of ListGrants and keeps who may do what', async () => {
    kmsMock
      .on(ListGrantsCommand, { KeyId: keyId, Marker: undefined })
      .resolves({
        Grants: [
          {
            GrantId: 'g-1',
            GranteePrincipal: 'arn:aws:iam::444455556666:role/app',
            Operations: ['Decrypt'],
            CreationDate: new Date(),
          },
        ],
        Truncated: true,
        NextMarker: 'page-2',
      })
      .on(ListGrantsCommand, { KeyId: keyId, Marker: 'page-2' })
      .resolves({
        Grants: [
          {
            GrantId: 'g-2',
            GranteePrincipal: 'arn:aws:iam::111111111111:role/app',
            Operations: ['Encrypt'],
          },
        ],
        Truncated: false,
      });
    const observation = await readTableEncryption(clients, table);
    expect(kmsMock.commandCalls(ListGrantsCommand)).toHaveLength(2);
    expect(observation.grants?.map(g => g.GrantId)).toEqual(['g-1', 'g-2']);
    expect(observation.grants?.[0]).not.toHaveProperty('CreationDate');
    expect(
      describeEncryption(observation).keyUse?.entries.map(e => e.source),
    ).toEqual(['grant g-1', 'grant g-2']);
  });

  it('records a refused ListGrants as GetKeyPolicy refusals are, and says the grants are unknown', async () => {
    kmsMock.on(ListGrantsCommand).rejects(
      Object.assign(new Error('not allowed'), {
        name: 'AccessDeniedException',
        $metadata: {},
      }),
    );
    const observation = await readTableEncryption(clients, table);
    expect(observation.refusals).toEqual([
      expect.objectContaining({
        action: 'kms:ListGrants',
        reason: 'access-denied',
        resource: keyArn,
        callerAccountId: '111111111111',
      }),
    ]);
    const facts = describeEncryption(observation);
    expect(facts.undetermined?.grant[0].actions).toEqual(['kms:ListGrants']);
    expect(facts.keyUse?.undetermined).toEqual([
      'the key’s grants were not read',
    ]);
  });
});
