import { parseFleetEvent } from '@dynamodb-encryption/backstage-plugin-common';
import {
  CallContext,
  cloudTrailEventEntry,
  cloudTrailKmsDate,
  dynamoDbTableCall,
  kmsKeyCall,
  scheduleKeyDeletionCall,
} from './cloudTrailEvents';

const context: CallContext = {
  accountId: '111111111111',
  region: 'eu-west-1',
  time: new Date('2024-03-23T18:58:30.123Z'),
  caller: {
    accountId: '111111111111',
    roleName: 'sandbox-operator',
    sessionName: 'sandbox-cli',
    accessKeyId: 'ASIAEXAMPLE',
  },
};
const key = {
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  keyArn:
    'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

/** The envelope EventBridge delivers for an entry put in `context`'s account and region. */
function envelope(entry: ReturnType<typeof cloudTrailEventEntry>) {
  return JSON.stringify({
    version: '0',
    id: 'a1b2c3',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: context.accountId,
    time: entry.Time!.toISOString().replace('.000', ''),
    region: context.region,
    resources: entry.Resources,
    detail: JSON.parse(entry.Detail!),
  });
}

describe('CloudTrail records of the sandbox moves', () => {
  it('writes a KMS call as CloudTrail does, to the second', () => {
    expect(kmsKeyCall(context, 'DisableKey', key)).toEqual({
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'ASIAEXAMPLE:sandbox-cli',
        arn: 'arn:aws:sts::111111111111:assumed-role/sandbox-operator/sandbox-cli',
        accountId: '111111111111',
        accessKeyId: 'ASIAEXAMPLE',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'ASIAEXAMPLE',
            arn: 'arn:aws:iam::111111111111:role/sandbox-operator',
            accountId: '111111111111',
            userName: 'sandbox-operator',
          },
          attributes: {
            creationDate: '2024-03-23T18:58:30Z',
            mfaAuthenticated: 'false',
          },
        },
      },
      eventTime: '2024-03-23T18:58:30Z',
      eventSource: 'kms.amazonaws.com',
      eventName: 'DisableKey',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '127.0.0.1',
      userAgent: 'dynamodb-encryption-sandbox',
      requestParameters: { keyId: key.keyId },
      responseElements: { keyId: key.keyArn },
      requestID: expect.any(String),
      eventID: expect.any(String),
      readOnly: false,
      resources: [
        { accountId: '111111111111', type: 'AWS::KMS::Key', ARN: key.keyArn },
      ],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111111111111',
      eventCategory: 'Management',
    });
  });

  it("writes KMS's deletion date its own way", () => {
    expect(cloudTrailKmsDate(new Date('2021-04-12T18:58:30Z'))).toBe(
      'Apr 12, 2021 18:58:30 PM',
    );
    expect(cloudTrailKmsDate(new Date('2021-01-02T03:04:05Z'))).toBe(
      'Jan 02, 2021 03:04:05 AM',
    );
    expect(
      scheduleKeyDeletionCall(
        context,
        key,
        20,
        new Date('2021-04-12T18:58:30Z'),
      ),
    ).toMatchObject({
      requestParameters: { keyId: key.keyId, pendingWindowInDays: 20 },
      responseElements: {
        keyId: key.keyArn,
        deletionDate: 'Apr 12, 2021 18:58:30 PM',
        keyState: 'PendingDeletion',
      },
    });
  });

  it('puts the record on the bus as CloudTrail does, and the portal reads what changed from it', () => {
    const kms = cloudTrailEventEntry(kmsKeyCall(context, 'DisableKey', key));
    expect(kms).toMatchObject({
      Source: 'aws.kms',
      DetailType: 'AWS API Call via CloudTrail',
      Time: new Date('2024-03-23T18:58:30Z'),
      Resources: [],
    });
    const parsedKey = parseFleetEvent(
      envelope(kms),
      Date.parse('2024-03-24T00:00:00Z'),
    );
    expect(parsedKey).toMatchObject({
      ok: true,
      change: { kind: 'key', name: 'DisableKey', kmsKeyArns: [key.keyArn] },
    });

    const tableArn = 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders';
    const dynamodb = cloudTrailEventEntry(
      dynamoDbTableCall(context, 'DeleteTable', tableArn, {
        tableName: 'orders',
      }),
    );
    expect(dynamodb.Source).toBe('aws.dynamodb');
    expect(
      parseFleetEvent(envelope(dynamodb), Date.parse('2024-03-24T00:00:00Z')),
    ).toMatchObject({
      ok: true,
      change: {
        kind: 'table',
        table: {
          accountId: '111111111111',
          region: 'eu-west-1',
          tableName: 'orders',
        },
      },
    });
  });
});
