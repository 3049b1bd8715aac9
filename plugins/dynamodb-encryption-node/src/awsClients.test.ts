import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ConfigReader } from '@backstage/config';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
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

  it("counts a piece of work's own requests, not those other callers send meanwhile", async () => {
    // An endpoint that answers every DynamoDB call with an empty table description.
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end('{"Table":{}}');
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const accountId = '111111111111';
      const clients = createAwsClientFactory(
        new ConfigReader({
          dynamodbEncryption: { awsEndpoint: `http://127.0.0.1:${port}` },
          aws: {
            mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' },
            accounts: [
              { accountId, accessKeyId: 'test', secretAccessKey: 'test' },
            ],
          },
        }),
      );
      const dynamodb = await clients.dynamodb({
        accountId,
        region: 'us-east-1',
      });
      const describe = () =>
        dynamodb.send(new DescribeTableCommand({ TableName: 't' }));
      const before = clients.requestCount();
      const [{ requests }] = await Promise.all([
        clients.countRequestsOf(async () => {
          await describe();
          await describe();
        }),
        describe(),
        describe(),
        describe(),
      ]);
      expect(requests).toBe(2);
      expect(clients.requestCount() - before).toBe(5);
    } finally {
      server.close();
    }
  });
});
