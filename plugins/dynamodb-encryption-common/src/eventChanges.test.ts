import { parseFleetEvent } from './eventChanges';
import { fleetEventPatterns } from './events';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:eu-west-1:111111111111:key/${KEY_ID}`;

function envelope(overrides: Record<string, unknown>, detail: object = {}) {
  return JSON.stringify({
    version: '0',
    id: 'e-1',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.kms',
    account: '111111111111',
    time: '2026-12-05T11:59:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
    ...overrides,
  });
}
const kms = (eventName: string, requestParameters: object, extra = {}) =>
  envelope(
    {},
    {
      eventSource: 'kms.amazonaws.com',
      eventName,
      requestParameters,
      ...extra,
    },
  );
const dynamodb = (eventName: string, requestParameters: object) =>
  envelope(
    { source: 'aws.dynamodb' },
    { eventSource: 'dynamodb.amazonaws.com', eventName, requestParameters },
  );

describe('parseFleetEvent', () => {
  it('reads the key of each KMS event, in each form CloudTrail names it', () => {
    expect(parseFleetEvent(kms('DisableKey', { keyId: KEY_ID }), NOW)).toEqual({
      ok: true,
      change: {
        kind: 'key',
        id: 'e-1',
        name: 'DisableKey',
        time: '2026-12-05T11:59:00.000Z',
        accountId: '111111111111',
        region: 'eu-west-1',
        kmsKeyArns: [KEY_ARN],
        aliases: [],
      },
    });
    const deletion = parseFleetEvent(
      envelope(
        { 'detail-type': 'KMS Key Deletion', resources: [KEY_ARN] },
        { 'key-id': KEY_ID },
      ),
      NOW,
    );
    expect(deletion).toMatchObject({
      ok: true,
      change: { name: 'KMS Key Deletion', kmsKeyArns: [KEY_ARN] },
    });
    // An alias moved: the tables found by the alias, and the key it now names.
    expect(
      parseFleetEvent(
        kms('UpdateAlias', { aliasName: 'alias/orders', targetKeyId: KEY_ID }),
        NOW,
      ),
    ).toMatchObject({
      ok: true,
      change: {
        kmsKeyArns: [KEY_ARN],
        aliases: [
          {
            accountId: '111111111111',
            region: 'eu-west-1',
            alias: 'alias/orders',
          },
        ],
      },
    });
    // A grant retired by token names its key in CloudTrail's resources only.
    expect(
      parseFleetEvent(
        kms(
          'RetireGrant',
          { grantToken: 'x' },
          {
            resources: [
              {
                accountId: '111111111111',
                type: 'AWS::KMS::Key',
                ARN: KEY_ARN,
              },
            ],
          },
        ),
        NOW,
      ),
    ).toMatchObject({ ok: true, change: { kmsKeyArns: [KEY_ARN] } });
  });

  it('reads the table of each DynamoDB event, by name or ARN', () => {
    const arn = 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders';
    for (const [name, params] of [
      ['UpdateTable', { tableName: 'orders' }],
      ['DeleteTable', { tableName: arn }],
      ['RestoreTableToPointInTime', { targetTableName: 'orders' }],
      ['ImportTable', { tableCreationParameters: { tableName: 'orders' } }],
      ['TagResource', { resourceArn: arn }],
    ] as const) {
      expect(parseFleetEvent(dynamodb(name, params), NOW)).toMatchObject({
        ok: true,
        change: { kind: 'table', name, table: { arn, tableName: 'orders' } },
      });
    }
  });

  it('refuses, with the reason, what it cannot or need not act on', () => {
    const reason = (body: string) => {
      const parsed = parseFleetEvent(body, NOW);
      return parsed.ok ? 'accepted' : parsed.reason;
    };
    expect(reason('{')).toBe('not JSON');
    expect(reason('[]')).toMatch(/not an EventBridge envelope/);
    expect(reason(envelope({ account: '12' }))).toMatch(/account/);
    expect(reason(envelope({ time: 'yesterday' }))).toMatch(/not a date/);
    expect(reason(envelope({ time: '2026-12-05T13:00:00Z' }))).toMatch(
      /in the future/,
    );
    expect(reason(kms('Decrypt', { keyId: KEY_ID }))).toMatch(
      /not an event the portal handles/,
    );
    expect(
      reason(
        kms('DisableKey', { keyId: KEY_ID }, { errorCode: 'AccessDenied' }),
      ),
    ).toMatch(/failed \(AccessDenied\): nothing changed/);
    expect(reason(kms('DisableKey', { keyId: 'not a key' }))).toBe(
      'DisableKey names no key',
    );
    expect(reason(dynamodb('DeleteTable', { tableName: 'a/b' }))).toBe(
      'DeleteTable names no table',
    );
    expect(reason(envelope({ source: 'aws.s3' }))).toMatch(/aws\.s3/);
  });

  it('accepts every event the patterns forward, and only those', () => {
    const patterns = Object.values(fleetEventPatterns()) as any[];
    for (const p of patterns) {
      for (const type of p['detail-type']) {
        const names: string[] = p.detail?.eventName ?? [undefined];
        for (const eventName of names) {
          const body = envelope(
            { source: p.source[0], 'detail-type': type, resources: [KEY_ARN] },
            {
              eventSource: p.detail?.eventSource?.[0],
              eventName,
              requestParameters: { keyId: KEY_ID, tableName: 'orders' },
            },
          );
          expect([eventName ?? type, parseFleetEvent(body, NOW).ok]).toEqual([
            eventName ?? type,
            true,
          ]);
        }
      }
    }
  });
});
