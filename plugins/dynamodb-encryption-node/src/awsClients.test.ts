import { ConfigReader } from '@backstage/config';
import { createAwsClientFactory, MAX_CACHED_CLIENTS } from './awsClients';

describe('createAwsClientFactory', () => {
  it('reuses one client per account and region, and keeps only the most recently used', async () => {
    const accountId = '111111111111';
    const clients = createAwsClientFactory(
      // Clients are only built here: no request is sent, so no endpoint answers.
      new ConfigReader({
        dynamodbEncryption: { awsEndpoint: 'http://127.0.0.1:1' },
        aws: {
          mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
          accounts: [
            { accountId, accessKeyId: 'test', secretAccessKey: 'test' },
          ],
        },
      }),
    );
    const first = await clients.dynamodb({ accountId, region: 'us-east-1' });
    expect(await clients.dynamodb({ accountId, region: 'us-east-1' })).toBe(
      first,
    );
    // As many other account-regions as the cache holds: the first is no longer kept, the latest is.
    let latest = first;
    for (let i = 0; i < MAX_CACHED_CLIENTS; i++)
      latest = await clients.dynamodb({ accountId, region: `test-${i}` });
    expect(
      await clients.dynamodb({
        accountId,
        region: `test-${MAX_CACHED_CLIENTS - 1}`,
      }),
    ).toBe(latest);
    expect(await clients.dynamodb({ accountId, region: 'us-east-1' })).not.toBe(
      first,
    );
  });
});
