import { FleetScanStatus } from '@dynamodb-encryption/backstage-plugin-common';
import { scanText } from './ScanStatus';

const scan: FleetScanStatus = {
  id: 9,
  status: 'partial',
  startedAt: '2026-11-30T06:00:00.000Z',
  finishedAt: '2026-11-30T06:02:00.000Z',
  progress: { done: 1, total: 1 },
  awsRequests: 3,
  errors: ['ThrottlingException: Rate exceeded'],
  unreachableAccounts: [
    { accountId: '333333333333', error: 'AccessDenied: no', cause: 'iam' },
  ],
  staleParts: [
    {
      accountId: '222222222222',
      region: 'eu-west-1',
      reason: 'ThrottlingException',
      since: '2026-11-29T06:02:00.000Z',
      tables: 1,
    },
  ],
};

describe('scanText', () => {
  it('counts in the singular when there is one', () => {
    expect(scanText(scan)).toBe(
      'Last scan partial at 2026-11-30T06:02:00.000Z: 1 of 1 table read, 3.00 AWS requests per table; 1 account not reached, 1 table stale, 1 error (listed above)',
    );
  });

  it('and in the plural otherwise', () => {
    expect(
      scanText({
        ...scan,
        progress: { done: 0, total: 14 },
        awsRequests: 28,
        errors: ['a', 'b'],
        unreachableAccounts: [
          { accountId: '333333333333', error: 'x' },
          { accountId: '444444444444', error: 'y' },
        ],
        staleParts: [{ ...scan.staleParts![0], tables: 3 }],
      }),
    ).toBe(
      'Last scan partial at 2026-11-30T06:02:00.000Z: 0 of 14 tables read, 2.00 AWS requests per table; 2 accounts not reached, 3 tables stale, 2 errors (listed above)',
    );
  });
});
