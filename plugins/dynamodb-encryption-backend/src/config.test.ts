import { ConfigReader } from '@backstage/config';
import { readFleetConfig } from './config';

const fleet = (extra: object) =>
  new ConfigReader({ dynamodbEncryption: { fleet: extra } });

describe('readFleetConfig', () => {
  it('reads valid policies', () => {
    const { policies } = readFleetConfig(
      fleet({
        policies: [
          {
            id: 'prod-cmk',
            title: 'Production needs a CMK',
            severity: 'high',
            when: { entityTags: ['prod'] },
            require: { keyTypes: ['CUSTOMER_MANAGED'], rotation: true },
          },
        ],
      }),
    );
    expect(policies[0].id).toBe('prod-cmk');
  });

  it.each([
    [
      { id: 'p', title: 'T', severity: 'urgent', require: {} },
      /policies\[0\] \(p\): severity/,
    ],
    [
      { id: 'p', title: 'T', severity: 'high', require: { keyTypes: ['KMS'] } },
      /\(p\): require\.keyTypes\.0/,
    ],
    [
      { id: 'p', title: 'T', severity: 'high', require: { rotaton: true } },
      /\(p\): require Unrecognized key/,
    ],
    [
      { title: 'T', severity: 'high', require: {} },
      /policies\[0\] \(#1\): id Required/,
    ],
  ])(
    'stops at start-up on %j with an error naming the policy and field',
    (policy, message) => {
      expect(() => readFleetConfig(fleet({ policies: [policy] }))).toThrow(
        message,
      );
    },
  );

  it.each([
    [
      { accountId: '1234', regions: ['us-east-1'] },
      /targets\[0\]\.accountId: must be a 12-digit/,
    ],
    [
      { accountId: '111111111111', regions: ['useast1'] },
      /targets\[0\]\.regions\[0\]: must be an AWS region/,
    ],
    [
      {
        organization: { roleName: 'reader', regions: ['us-east-1', 'Europe'] },
      },
      /targets\[0\]\.organization\.regions\[1\]: must be an AWS region/,
    ],
  ])(
    'stops at start-up on the target %j, naming the field',
    (target, message) => {
      expect(() => readFleetConfig(fleet({ targets: [target] }))).toThrow(
        message,
      );
    },
  );

  it('derives the abandoned-scan limit from the schedule timeout', () => {
    const config = readFleetConfig(
      fleet({
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 20 } },
      }),
    );
    expect(config.abandonedAfterMs).toBe(21 * 60_000);
    expect(readFleetConfig(fleet({})).abandonedAfterMs).toBe(61 * 60_000);
  });
});
