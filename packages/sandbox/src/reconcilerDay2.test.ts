import { spawn, ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  AWS_ACCOUNT_ANNOTATION,
  renderApplicationYaml,
  TableApplicationSpec,
} from '@dynamodb-encryption/backstage-plugin-common';
import { reconcileRepository } from './reconciler';
import { sandboxClients } from './seed';
import { freePort } from '@dynamodb-encryption/backstage-plugin-node/testUtils';

const git = promisify(execFile);
const accountId = '444455556666';
const region = 'eu-west-1';

/** A moto server of this test's own: its request recorder must see this test's calls only. */
async function startMoto(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.env.MOTO_SERVER ?? 'moto_server',
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (up) return child;
    await new Promise(r => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`moto did not start on ${port}`);
}

describe('the sandbox reconciler decides updates as the ACK controller does', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let dir: string;

  beforeAll(async () => {
    const port = await freePort();
    moto = await startMoto(port);
    endpoint = `http://127.0.0.1:${port}`;
    dir = await mkdtemp(join(tmpdir(), 'gitops-day2-'));
    await git('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  }, 30_000);
  afterAll(() => moto?.kill());

  /** Writes the Application and commits it, as the scaffolder's publishing step does. */
  async function commit(
    table: Partial<TableApplicationSpec['table']>,
    rest: Partial<TableApplicationSpec> = {},
  ) {
    await writeFile(
      join(dir, 'orders.yaml'),
      renderApplicationYaml({
        annotations: { [AWS_ACCOUNT_ANNOTATION]: accountId },
        table: {
          tableName: 'Orders',
          region,
          attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
          keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
          ...table,
        },
        ...rest,
      }),
    );
    await git('git', ['add', '-A'], { cwd: dir });
    await git(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@localhost',
        'commit',
        '-qm',
        'change',
      ],
      { cwd: dir },
    );
  }

  /** The DynamoDB calls moto recorded since the last reset, by operation name. */
  async function recorded(): Promise<string[]> {
    const text = await (
      await fetch(`${endpoint}/moto-api/recorder/download-recording`)
    ).text();
    await fetch(`${endpoint}/moto-api/recorder/reset-recording`, {
      method: 'POST',
    });
    return text
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line))
      .map(r => {
        const headers = Object.fromEntries(
          Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        );
        return String(headers['x-amz-target'] ?? '').replace(
          /^DynamoDB_\d+\./,
          '',
        );
      })
      .filter(Boolean);
  }
  const updates = (calls: string[]) =>
    calls.filter(c => /^(Update|Tag|Untag)/.test(c));

  async function describeOrders() {
    const dynamodb = await sandboxClients(endpoint).dynamodb({
      accountId,
      region,
    });
    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: 'Orders' }),
    );
    const { ContinuousBackupsDescription } = await dynamodb.send(
      new DescribeContinuousBackupsCommand({ TableName: 'Orders' }),
    );
    return {
      ...Table!,
      pitr: ContinuousBackupsDescription?.PointInTimeRecoveryDescription
        ?.PointInTimeRecoveryStatus,
    };
  }

  it('creates, applies one capacity change with one UpdateTable, then sends nothing while nothing changes', async () => {
    await fetch(`${endpoint}/moto-api/recorder/start-recording`, {
      method: 'POST',
    });
    const provisioned = { billingMode: 'PROVISIONED' as const };
    await commit({
      ...provisioned,
      provisionedThroughput: { readCapacityUnits: 5, writeCapacityUnits: 5 },
    });
    const first = await reconcileRepository(endpoint, dir, '111111111111');
    expect(first.errors).toEqual([]);
    expect(first.created).toEqual([`${accountId}/${region}/Orders`]);
    expect((await describeOrders()).ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 5,
    });
    expect(await recorded()).toContain('CreateTable');

    await commit({
      ...provisioned,
      provisionedThroughput: { readCapacityUnits: 9, writeCapacityUnits: 4 },
    });
    const second = await reconcileRepository(endpoint, dir, '111111111111');
    expect(second.updated).toEqual([
      `${accountId}/${region}/Orders: UpdateTable`,
    ]);
    expect(updates(await recorded())).toEqual(['UpdateTable']);
    expect((await describeOrders()).ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 9,
      WriteCapacityUnits: 4,
    });

    for (let pass = 0; pass < 3; pass++) {
      const quiet = await reconcileRepository(endpoint, dir, '111111111111');
      expect(quiet).toMatchObject({
        created: [],
        updated: [],
        notApplied: [],
        errors: [],
      });
    }
    const calls = await recorded();
    expect(calls).toContain('DescribeTable');
    expect(updates(calls)).toEqual([]);
  });

  it('applies day-2 changes: billing mode, deletion protection, point-in-time recovery, a stream', async () => {
    await fetch(`${endpoint}/moto-api/recorder/start-recording`, {
      method: 'POST',
    });
    await commit(
      { billingMode: 'PAY_PER_REQUEST' },
      {
        protection: { deletionProtection: true, pointInTimeRecovery: true },
      },
    );
    const changed = await reconcileRepository(endpoint, dir, '111111111111');
    expect(changed.errors).toEqual([]);
    expect(updates(await recorded())).toEqual([
      'UpdateTable',
      'UpdateContinuousBackups',
    ]);
    let observed = await describeOrders();
    expect(observed.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(observed.DeletionProtectionEnabled).toBe(true);
    expect(observed.pitr).toBe('ENABLED');

    await commit(
      { billingMode: 'PAY_PER_REQUEST' },
      {
        protection: { deletionProtection: true, pointInTimeRecovery: true },
        streams: { viewType: 'NEW_IMAGE' },
      },
    );
    await reconcileRepository(endpoint, dir, '111111111111');
    expect(updates(await recorded())).toEqual(['UpdateTable']);
    observed = await describeOrders();
    expect(observed.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_IMAGE',
    });

    const quiet = await reconcileRepository(endpoint, dir, '111111111111');
    expect(quiet).toMatchObject({ updated: [], notApplied: [], errors: [] });
    expect(updates(await recorded())).toEqual([]);
  });
});
