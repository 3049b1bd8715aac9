import { execFile, ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import {
  CreateTableCommand,
  DescribeTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import {
  assessTable,
  AWS_ACCOUNT_ANNOTATION,
  buildApplication,
  encryptionDrift,
  formatTableArn,
  parseApplicationStatus,
  parseTableArn,
  renderApplicationYaml,
  TableApplicationSpec,
  validateEncryptionTrait,
} from '@dynamodb-encryption/backstage-plugin-common';
import { readTableEncryption } from '@dynamodb-encryption/backstage-plugin-node';
import { startRecorder, writes } from './chain/recorder';
import { sandboxClients } from './clients';
import { Fleet, loadFleet } from './fleet';
import { applicationPath, tableApplication, writeGitOps } from './gitops';
import { reconcileRepository } from './reconciler';
import { SeedResult, seedFleet } from './seed';
import { DEMO_FLEET_FILE, startSandboxMoto } from './testing/sandboxMoto';

jest.setTimeout(180_000);

const git = promisify(execFile);
const main = '111111111111';
const region = 'us-east-1';

/**
 * A demo table's key changed by editing its Application in the GitOps repository, as the "Change key"
 * template does, reaches AWS through the reconciler (UpdateTable, as the ACK controller sends it), and the
 * portal's own assessment then finds no drift.
 */
describe('the sandbox reconciler switches a demo table’s key from an Application edit', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let fleet: Fleet;
  let seed: SeedResult;
  let dir: string;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;

  beforeAll(async () => {
    const recording = join(await mkdtemp(join(tmpdir(), 'moto-rec-')), 'rec');
    ({ child: moto, endpoint } = await startSandboxMoto({
      MOTO_RECORDER_FILEPATH: recording,
    }));
    fleet = await loadFleet(DEMO_FLEET_FILE);
    seed = await seedFleet(endpoint, fleet);
    dir = await mkdtemp(join(tmpdir(), 'gitops-keys-'));
    await writeGitOps(dir, fleet, seed.keyArns);
    recorder = await startRecorder(endpoint);
  });
  afterAll(() => moto?.kill());

  async function commitAll(message: string) {
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
        message,
      ],
      { cwd: dir },
    );
  }

  /** Rewrites one demo table's Application with another encryption trait and commits it. */
  async function commitEncryption(
    tableName: string,
    encryption: TableApplicationSpec['encryption'],
  ) {
    const table = fleet.tables.find(t => t.name === tableName)!;
    const spec = tableApplication(fleet, table, seed.keyArns);
    await writeFile(
      join(dir, applicationPath(tableName)),
      renderApplicationYaml({ ...spec, encryption }),
    );
    await commitAll(`${tableName}: change key`);
  }

  /** What the portal says of the table against the trait: its key type, key ARN and drift. */
  async function portalView(
    tableName: string,
    trait: TableApplicationSpec['encryption'],
  ) {
    const observation = await readTableEncryption(
      sandboxClients(endpoint),
      parseTableArn(formatTableArn({ accountId: main, region, tableName }))!,
    );
    const { encryption } = assessTable(observation);
    const desired = validateEncryptionTrait(trait ?? {});
    if (!desired.ok) throw new Error('trait refused');
    return {
      keyType: encryption.keyType,
      kmsKeyArn: encryption.kmsKeyArn,
      drift: encryptionDrift(desired.value, encryption),
    };
  }

  const keyWrites = (calls: Awaited<ReturnType<typeof recorder.take>>) =>
    writes(calls).filter(c => c.table === 'user-sessions');

  it('applies the seeded repository with no write to a table that matches it', async () => {
    const report = await reconcileRepository(endpoint, dir, main);
    expect(report.errors).toEqual([]);
    expect(report.created).toEqual([]);
    // `payments` names its key by alias: ACK compares it with the ARN DescribeTable gives and switches the
    // key on every pass (the drift the portal flags for it). Every other demo table matches: no write.
    expect(report.updated).toEqual([`${main}/${region}/payments: UpdateTable`]);
    expect(
      writes(await recorder.take()).filter(c => c.table !== 'payments'),
    ).toEqual([]);
  });

  it('switches AWS owned → customer managed → AWS owned → AWS managed, each with one UpdateTable and no drift after', async () => {
    const orders = seed.keyArns.orders;
    const steps: [
      TableApplicationSpec['encryption'],
      string,
      string | undefined,
    ][] = [
      [{ sseType: 'KMS', kmsKeyId: orders }, 'CUSTOMER_MANAGED', orders],
      [{ enabled: false }, 'AWS_OWNED', undefined],
      [
        { sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
        'AWS_MANAGED',
        undefined,
      ],
    ];
    expect((await portalView('user-sessions', undefined)).keyType).toBe(
      'AWS_OWNED',
    );
    for (const [trait, keyType, kmsKeyArn] of steps) {
      await commitEncryption('user-sessions', trait);
      const applied = await reconcileRepository(endpoint, dir, main);
      expect(applied.errors).toEqual([]);
      expect(applied.updated).toContain(
        `${main}/${region}/user-sessions: UpdateTable`,
      );
      expect(keyWrites(await recorder.take())).toEqual([
        { operation: 'UpdateTable', table: 'user-sessions' },
      ]);

      const view = await portalView('user-sessions', trait);
      expect(view.keyType).toBe(keyType);
      // The AWS managed key is alias/aws/dynamodb's key in the table's account and region.
      const awsManaged = (
        await (
          await sandboxClients(endpoint).kms({ accountId: main, region })
        ).send(new DescribeKeyCommand({ KeyId: 'alias/aws/dynamodb' }))
      ).KeyMetadata!.Arn;
      const expectedArn = keyType === 'AWS_MANAGED' ? awsManaged : kmsKeyArn;
      expect(view.kmsKeyArn).toBe(expectedArn);
      const described = await (
        await sandboxClients(endpoint).dynamodb({ accountId: main, region })
      ).send(new DescribeTableCommand({ TableName: 'user-sessions' }));
      expect(described.Table?.SSEDescription?.KMSMasterKeyArn).toBe(
        expectedArn,
      );
      expect(view.drift).toEqual([]);

      // The controller's next pass finds nothing to do: the key it asked for is the key AWS reports.
      const again = await reconcileRepository(endpoint, dir, main);
      expect(again.updated.filter(u => u.includes('user-sessions'))).toEqual(
        [],
      );
      expect(keyWrites(await recorder.take())).toEqual([]);
    }
  });

  it('leaves a customer managed key for the AWS managed key unswitched, as ACK v1.9.2 does, and says so', async () => {
    const orders = seed.keyArns.orders;
    await commitEncryption('user-sessions', {
      sseType: 'KMS',
      kmsKeyId: orders,
    });
    await reconcileRepository(endpoint, dir, main);
    await recorder.take();

    const awsManaged = {
      sseType: 'KMS' as const,
      kmsKeyId: 'alias/aws/dynamodb',
    };
    await commitEncryption('user-sessions', awsManaged);
    const report = await reconcileRepository(endpoint, dir, main);
    expect(report.notApplied).toContain(
      `${main}/${region}/user-sessions: sseSpecification: the table stays on ${orders}: ACK compares kmsMasterKeyID only when the spec names one, so it never switches a table to the AWS managed key`,
    );
    expect(keyWrites(await recorder.take())).toEqual([]);
    const view = await portalView('user-sessions', awsManaged);
    expect(view.keyType).toBe('CUSTOMER_MANAGED');
    expect(view.drift.map(d => d.field)).toEqual(['keyType']);
  });

  it('refuses a key DynamoDB cannot use: the Application is refused with DynamoDB’s reason, the table keeps its key', async () => {
    const before = (await portalView('order-items', undefined)).kmsKeyArn;
    for (const [key, reason] of [
      [
        'legacy-ledger',
        /^KMS key disabled error: .*DisabledException: .* is disabled\./,
      ],
      [
        'analytics',
        /^KMS validation error: .*KMSInvalidStateException: .* is pending deletion\./,
      ],
    ] as const) {
      await commitEncryption('order-items', {
        sseType: 'KMS',
        kmsKeyId: seed.keyArns[key],
      });
      const report = await reconcileRepository(endpoint, dir, main);
      const refusal = report.errors.find(e =>
        e.startsWith('apps/order-items.yaml: '),
      );
      expect(refusal?.slice('apps/order-items.yaml: '.length)).toMatch(reason);
      expect(
        parseApplicationStatus(
          await readFile(join(dir, 'apps/order-items.status.json'), 'utf8'),
        ),
      ).toMatchObject({
        phase: 'refused',
        message: expect.stringMatching(reason),
      });
      expect((await portalView('order-items', undefined)).kmsKeyArn).toBe(
        before,
      );
    }
    // Back to the key it has, so the other tests see a repository that applies.
    await commitEncryption('order-items', {
      sseType: 'KMS',
      kmsKeyId: seed.keyArns.orders,
    });
    expect((await reconcileRepository(endpoint, dir, main)).errors).toEqual([]);
    await recorder.take();
  });

  it('adopts a discovered table committed with adopt: true with no write, and creates one that is gone (adopt-or-create)', async () => {
    const dynamodb = await sandboxClients(endpoint).dynamodb({
      accountId: main,
      region,
    });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'discovered-ledger',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        SSESpecification: {
          Enabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: seed.keyArns.orders,
        },
      }),
    );
    const adopting = (tableName: string) => {
      const app = buildApplication({
        annotations: { [AWS_ACCOUNT_ANNOTATION]: main },
        table: {
          tableName,
          region,
          attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
          keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
        },
        encryption: { sseType: 'KMS', kmsKeyId: seed.keyArns.orders },
      });
      (app.spec.components[0].properties as Record<string, unknown>).adopt =
        true;
      return stringify(app);
    };
    await writeFile(
      join(dir, 'apps/discovered-ledger.yaml'),
      adopting('discovered-ledger'),
    );
    await writeFile(
      join(dir, 'apps/gone-ledger.yaml'),
      adopting('gone-ledger'),
    );
    await commitAll('Adopt discovered-ledger and gone-ledger');
    await recorder.take();

    const report = await reconcileRepository(endpoint, dir, main);
    expect(report.adopted).toEqual([`${main}/${region}/discovered-ledger`]);
    expect(report.created).toEqual([`${main}/${region}/gone-ledger`]);
    expect(report.errors).toEqual([]);
    const calls = await recorder.take();
    expect(calls).toContainEqual({
      operation: 'DescribeTable',
      table: 'discovered-ledger',
    });
    expect(
      writes(calls).filter(c => /(discovered|gone)-ledger/.test(c.table ?? '')),
    ).toEqual([{ operation: 'CreateTable', table: 'gone-ledger' }]);
    expect(
      parseApplicationStatus(
        await readFile(join(dir, 'apps/discovered-ledger.status.json'), 'utf8'),
      ),
    ).toMatchObject({ phase: 'applied' });
  });
});
