import {
  CreateTableCommand,
  DescribeTableCommand,
  SSESpecification,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { ChildProcess } from 'node:child_process';
import { sandboxClients } from '../clients';
import { startSandboxMoto } from '../testing/sandboxMoto';
import { randomAccount } from './testSupport';

jest.setTimeout(60_000);

const region = 'eu-west-1';

/**
 * The sandbox's moto launcher makes UpdateTable apply SSESpecification as DynamoDB does
 * (sandbox/moto_dynamodb_sse.py), shown through the AWS SDK as the portal and the reconciler call it.
 */
describe('UpdateTable with SSESpecification on the sandbox', () => {
  let moto: ChildProcess;
  let endpoint: string;
  const accountId = randomAccount();
  const dynamodb = () =>
    sandboxClients(endpoint).dynamodb({ accountId, region });
  const kms = (r = region) =>
    sandboxClients(endpoint).kms({ accountId, region: r });

  beforeAll(async () => {
    ({ child: moto, endpoint } = await startSandboxMoto());
  });
  afterAll(() => moto?.kill());

  async function createTable(TableName: string, sse?: SSESpecification) {
    await (
      await dynamodb()
    ).send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        SSESpecification: sse,
      }),
    );
  }
  const update = async (TableName: string, sse: SSESpecification, more = {}) =>
    (await dynamodb()).send(
      new UpdateTableCommand({ TableName, SSESpecification: sse, ...more }),
    );
  const describe_ = async (TableName: string) =>
    (await (await dynamodb()).send(new DescribeTableCommand({ TableName })))
      .Table!;
  async function newKey(options: { alias?: string; r?: string } = {}) {
    const client = await kms(options.r);
    const key = (await client.send(new CreateKeyCommand({}))).KeyMetadata!;
    if (options.alias)
      await client.send(
        new CreateAliasCommand({
          AliasName: options.alias,
          TargetKeyId: key.KeyId,
        }),
      );
    return { id: key.KeyId!, arn: key.Arn! };
  }
  const cmk = (KMSMasterKeyId: string): SSESpecification => ({
    Enabled: true,
    SSEType: 'KMS',
    KMSMasterKeyId,
  });

  it('switches between the three key types, in every direction, as DescribeTable then shows', async () => {
    await createTable('switches');
    expect((await describe_('switches')).SSEDescription).toBeUndefined();

    // AWS owned → AWS managed: alias/aws/dynamodb's key, created on first use.
    const managed = await update('switches', { Enabled: true });
    const awsManaged = (
      await (
        await kms()
      ).send(new DescribeKeyCommand({ KeyId: 'alias/aws/dynamodb' }))
    ).KeyMetadata!.Arn;
    const asManaged = {
      Status: 'ENABLED',
      SSEType: 'KMS',
      KMSMasterKeyArn: awsManaged,
    };
    expect(managed.TableDescription?.SSEDescription).toEqual(asManaged);
    expect((await describe_('switches')).SSEDescription).toEqual(asManaged);

    // AWS managed → customer managed, named each way DynamoDB accepts, always shown by its ARN.
    const first = await newKey({ alias: 'alias/first' });
    const second = await newKey({ alias: 'alias/second' });
    const names: [string, string][] = [
      [first.id, first.arn],
      [`arn:aws:kms:${region}:${accountId}:alias/second`, second.arn],
      [first.arn, first.arn],
      ['alias/second', second.arn],
    ];
    for (const [name, arn] of names) {
      await update('switches', cmk(name));
      expect((await describe_('switches')).SSEDescription).toEqual({
        Status: 'ENABLED',
        SSEType: 'KMS',
        KMSMasterKeyArn: arn,
      });
    }

    // Customer managed → AWS managed, also when named explicitly; then → AWS owned.
    await update('switches', cmk('alias/aws/dynamodb'));
    expect((await describe_('switches')).SSEDescription).toEqual(asManaged);
    await update('switches', { Enabled: true, SSEType: 'KMS' });
    expect((await describe_('switches')).SSEDescription).toEqual(asManaged);
    await update('switches', { Enabled: false });
    expect((await describe_('switches')).SSEDescription).toBeUndefined();

    // AWS owned → customer managed in one step; an UpdateTable without SSE keeps the key.
    await update('switches', cmk(first.arn));
    await (
      await dynamodb()
    ).send(
      new UpdateTableCommand({
        TableName: 'switches',
        DeletionProtectionEnabled: true,
      }),
    );
    const last = await describe_('switches');
    expect(last.SSEDescription?.KMSMasterKeyArn).toBe(first.arn);
    expect(last.DeletionProtectionEnabled).toBe(true);
  });

  it('refuses a key DynamoDB cannot use with DynamoDB’s codes and messages, and changes nothing', async () => {
    const current = await newKey();
    await createTable('refusals', cmk(current.arn));
    const disabled = await newKey();
    await (await kms()).send(new DisableKeyCommand({ KeyId: disabled.id }));
    const deleting = await newKey();
    await (
      await kms()
    ).send(
      new ScheduleKeyDeletionCommand({
        KeyId: deleting.id,
        PendingWindowInDays: 7,
      }),
    );
    const elsewhere = await newKey({ r: 'us-east-1' });
    const asymmetric = (
      await (
        await kms()
      ).send(
        new CreateKeyCommand({
          KeySpec: 'RSA_2048',
          KeyUsage: 'ENCRYPT_DECRYPT',
        }),
      )
    ).KeyMetadata!;
    const missingId = '0a1b2c3d-0000-4000-8000-000000000000';
    const kmsSays = (code: string) =>
      `\\(Service: AWSKMS; Status Code: 400; Error Code: ${code}; Request ID: [0-9a-f-]{36}; Proxy: null\\)$`;
    const arnPattern = (arn: string) => arn.replace(/[/.]/g, '\\$&');

    const refusals: [string, SSESpecification, string, RegExp, number][] = [
      [
        'a key that does not exist',
        cmk(missingId),
        'ValidationException',
        new RegExp(
          `^KMS validation error: com\\.amazonaws\\.services\\.kms\\.model\\.NotFoundException: Key 'arn:aws:kms:${region}:${accountId}:key/${missingId}' does not exist ${kmsSays(
            'NotFoundException',
          )}`,
        ),
        400,
      ],
      [
        'an alias that does not exist',
        cmk('alias/nobody'),
        'ValidationException',
        new RegExp(
          `^KMS validation error: com\\.amazonaws\\.services\\.kms\\.model\\.NotFoundException: Alias arn:aws:kms:${region}:${accountId}:alias/nobody is not found\\. ${kmsSays(
            'NotFoundException',
          )}`,
        ),
        400,
      ],
      [
        'a key of another region',
        cmk(elsewhere.arn),
        'ValidationException',
        new RegExp(
          `^KMS validation error: com\\.amazonaws\\.services\\.kms\\.model\\.NotFoundException: Invalid arn us-east-1 ${kmsSays(
            'NotFoundException',
          )}`,
        ),
        400,
      ],
      [
        'a disabled key',
        cmk(disabled.id),
        'ValidationException',
        new RegExp(
          `^KMS key disabled error: com\\.amazonaws\\.services\\.kms\\.model\\.DisabledException: ${arnPattern(
            disabled.arn,
          )} is disabled\\. ${kmsSays('DisabledException')}`,
        ),
        400,
      ],
      [
        'a key pending deletion',
        cmk(deleting.arn),
        'ValidationException',
        new RegExp(
          `^KMS validation error: com\\.amazonaws\\.services\\.kms\\.model\\.KMSInvalidStateException: ${arnPattern(
            deleting.arn,
          )} is pending deletion\\. ${kmsSays('KMSInvalidStateException')}`,
        ),
        400,
      ],
      [
        'an asymmetric key (HTTP 500, as DynamoDB answers)',
        cmk(asymmetric.KeyId!),
        'InternalServerError',
        /^KMS internal error: com\.amazonaws\.services\.kms\.model\.AWSKMSException: EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key\. .*Error Code: ValidationException;/,
        500,
      ],
      [
        'SSEType AES256',
        { Enabled: true, SSEType: 'AES256' },
        'ValidationException',
        /^One or more parameter values were invalid: SSEType AES256 is not supported$/,
        400,
      ],
      [
        'a key without SSEType KMS',
        { Enabled: true, KMSMasterKeyId: disabled.arn },
        'ValidationException',
        /^SSEType KMS is required if KMSMasterKeyId is specified$/,
        400,
      ],
    ];
    for (const [what, sse, name, message, status] of refusals) {
      const refused = await update('refusals', sse, {
        DeletionProtectionEnabled: true,
      }).then(
        () => undefined,
        e => e,
      );
      expect({ what, name: refused?.name }).toEqual({ what, name });
      expect(refused.message).toMatch(message);
      expect(refused.$metadata.httpStatusCode).toBe(status);
      // Nothing of the request took effect: neither the key nor the other field.
      const table = await describe_('refusals');
      expect(table.SSEDescription?.KMSMasterKeyArn).toBe(current.arn);
      expect(table.DeletionProtectionEnabled).toBe(false);
    }
  });
});
