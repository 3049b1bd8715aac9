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

  it('renews every credential it builds or receives across lifetimes, adding its middleware once', async () => {
    // A local STS that issues sessions valid for one hour of the test's clock, and counts AssumeRole calls
    // per role.
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const assumed: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => (body += chunk));
      req.on('end', () => {
        const params = new URLSearchParams(body);
        assumed.push(params.get('RoleArn')!);
        res.setHeader('content-type', 'text/xml');
        const expiration = new Date(clock.now + 3_600_000).toISOString();
        res.end(
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
            `<Credentials><AccessKeyId>AK${assumed.length}</AccessKeyId><SecretAccessKey>s</SecretAccessKey>` +
            `<SessionToken>t</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
            `<AssumedRoleUser><Arn>${params.get(
              'RoleArn',
            )}</Arn><AssumedRoleId>id</AssumedRoleId></AssumedRoleUser>` +
            `</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const previous = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${port}`;
    try {
      const clients = createAwsClientFactory(
        new ConfigReader({
          dynamodbEncryption: {
            awsEndpoint: 'http://127.0.0.1:1',
            fleet: {
              targets: [
                {
                  organization: {
                    roleName: 'org-reader',
                    regions: ['us-east-1'],
                  },
                },
              ],
            },
          },
          aws: {
            mainAccount: { accessKeyId: 'main', secretAccessKey: 'main' },
            // An aws.accounts role: integration-aws-node assumes it.
            accounts: [{ accountId: '222222222222', roleName: 'listed' }],
          },
        }),
        { now: () => clock.now },
      );
      // The organization path (a target's role, and the reader's default role) and the aws.accounts path.
      const targets = [
        {
          accountId: '111111111111',
          region: 'us-east-1',
          roleName: 'org-reader',
        },
        { accountId: '333333333333', region: 'eu-west-1' },
        { accountId: '222222222222', region: 'us-east-1' },
      ];
      const keys = async () =>
        Promise.all(
          targets.map(async t => (await clients.credentials(t)).accessKeyId),
        );
      const first = await keys();
      expect(await keys()).toEqual(first);
      expect(assumed).toHaveLength(3);
      // Three lifetimes: each one renews every role once, and never fails on the counter middleware.
      for (let lifetime = 1; lifetime <= 3; lifetime++) {
        clock.now += 56 * 60_000;
        const renewed = await keys();
        expect(renewed.every((k, i) => k !== first[i])).toBe(true);
        expect(await keys()).toEqual(renewed);
        expect(assumed).toHaveLength(3 + 3 * lifetime);
      }
      expect(new Set(assumed)).toEqual(
        new Set([
          'arn:aws:iam::111111111111:role/org-reader',
          'arn:aws:iam::333333333333:role/org-reader',
          'arn:aws:iam::222222222222:role/listed',
        ]),
      );
      // The organization path's AssumeRole calls are counted, once each (integration-aws-node's are not).
      expect(clients.requestCount()).toBe(2 * 4);
      // The clients built before the renewals sign with the renewed credentials.
      const dynamodb = await clients.dynamodb(targets[0]);
      expect((await dynamodb.config.credentials()).accessKeyId).toBe(
        (await clients.credentials(targets[0])).accessKeyId,
      );
    } finally {
      process.env.AWS_ENDPOINT_URL_STS = previous;
      server.close();
    }
  });
});
