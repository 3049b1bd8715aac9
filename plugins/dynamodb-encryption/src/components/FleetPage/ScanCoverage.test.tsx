import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  FleetScanStatus,
  FleetSummary,
  UnreachableAccount,
} from '@dynamodb-encryption/backstage-plugin-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { FleetPage } from './FleetPage';

jest.setTimeout(30_000);

// jsdom has no ResizeObserver, which the trend charts' container needs once there is a complete scan.
beforeAll(() => {
  Object.assign(globalThis, {
    ResizeObserver: class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  });
});

const completeScan: FleetScanStatus = {
  id: 7,
  status: 'complete',
  startedAt: '2026-11-30T06:00:00.000Z',
  finishedAt: '2026-11-30T06:02:00.000Z',
  progress: { done: 12, total: 12 },
  awsRequests: 20,
  errors: [],
  unreachableAccounts: [],
};

function summaryWith(scan: FleetScanStatus): FleetSummary {
  return {
    scan,
    tables: 12,
    byKeyType: {
      AWS_OWNED: 4,
      AWS_MANAGED: 2,
      CUSTOMER_MANAGED: 6,
      UNKNOWN: 0,
    },
    rotation: { eligible: 6, rotated: 3 },
    cost: { monthlyUsd: 3.5, byKey: [], byOwner: [] },
    findings: {
      bySeverity: { critical: 0, high: 1, medium: 2, low: 0, info: 0 },
      unowned: 0,
    },
    trend: [
      {
        scanId: 6,
        finishedAt: '2026-11-29T06:02:00.000Z',
        tables: 12,
        awsOwned: 4,
        awsManaged: 2,
        customerManaged: 6,
        rotated: 3,
        severeFindings: 1,
        monthlyUsd: 3.5,
      },
    ],
    accounts: [
      {
        accountId: '222222222222',
        name: 'payments-prod',
        regions: ['us-east-1'],
      },
    ],
  };
}

// What the scanner records when AssumeRole is refused (the error's name, then AWS's message).
function refused(accountId: string): UnreachableAccount {
  const roleArn = `arn:aws:iam::${accountId}:role/dynamodb-encryption-reader`;
  return {
    accountId,
    roleArn,
    error: `AccessDenied: User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  };
}

async function renderPage(summary: FleetSummary) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [permissionApiRef, mockApis.permission()],
        [
          dynamoDbEncryptionApiRef,
          {
            getFleetAccess: async () => ({ scope: 'all' as const }),
            getFleetSummary: async () => summary,
            getLatestScan: async () => summary.scan!,
            listFleetTables: async () => ({ items: [], total: 0 }),
            startScan: async () => undefined,
            fetchFleetCsv: async () => new Response(''),
          },
        ],
      ]}
    >
      <FleetPage />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  // The figures are on the page before anything is asserted about the warnings above them.
  expect(await screen.findByText('50%')).toBeInTheDocument();
}

describe('fleet scan coverage', () => {
  it('names each account the scan could not reach, the role it tried, the AWS error and what to do', async () => {
    await renderPage(
      summaryWith({
        ...completeScan,
        unreachableAccounts: [
          refused('222222222222'),
          {
            accountId: '333333333333',
            error: 'CredentialsProviderError: no credentials',
          },
        ],
      }),
    );
    expect(
      screen.getByText(
        'Warning: 2 accounts could not be scanned; their tables are not in these figures',
      ),
    ).toBeInTheDocument();
    const list = screen.getByTestId('unreachable-accounts');
    // By its configured name with its id; an account config does not name, by its id.
    expect(
      within(list).getByText('payments-prod (222222222222)'),
    ).toBeInTheDocument();
    expect(within(list).getByText('333333333333')).toBeInTheDocument();
    expect(
      within(list).getByText(
        'arn:aws:iam::222222222222:role/dynamodb-encryption-reader',
      ),
    ).toBeInTheDocument();
    expect(list).toHaveTextContent(
      'Error: AccessDenied: User is not authorized to perform: sts:AssumeRole',
    );
    expect(list).toHaveTextContent(
      'Role: the credentials configured for this account (aws.accounts or aws.accountDefaults)',
    );
    expect(list).toHaveTextContent(
      'Error: CredentialsProviderError: no credentials',
    );
    expect(
      screen.getByText(
        /must exist in the account and trust the portal's main account for sts:AssumeRole/,
      ),
    ).toHaveTextContent(
      /"An AWS Organization" in the project.s docs\/production.md/,
    );
    // The scan card points to the list instead of repeating it.
    expect(await screen.findByTestId('scan-status')).toHaveTextContent(
      '12 of 12 tables read, 1.67 AWS requests per table; 2 accounts not reached (listed above)',
    );
    expect(screen.queryByTestId('scan-errors')).toBeNull();
  });

  it('warns about nothing when the latest scan reached every account without errors', async () => {
    await renderPage(summaryWith(completeScan));
    expect(await screen.findByTestId('scan-status')).toHaveTextContent(
      /^Last scan complete at 2026-11-30T06:02:00.000Z: 12 of 12 tables read, 1.67 AWS requests per table$/,
    );
    expect(screen.queryByTestId('scan-coverage')).toBeNull();
    expect(screen.queryByText(/could not be scanned/)).toBeNull();
    expect(screen.queryByText(/The latest scan/)).toBeNull();
  });

  it('keeps warning about what the figures miss while a newer scan runs', async () => {
    const figuresScan = {
      ...completeScan,
      unreachableAccounts: [refused('222222222222')],
    };
    await renderPage({
      ...summaryWith({
        ...completeScan,
        id: 8,
        status: 'running',
        finishedAt: undefined,
        progress: { done: 3, total: 12 },
      }),
      figuresScan,
    });
    expect(
      await screen.findByText(
        'Warning: 1 account could not be scanned; its tables are not in these figures',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('unreachable-accounts')).getByText(
        'payments-prod (222222222222)',
      ),
    ).toBeInTheDocument();
  });

  it('lists the first five accounts and the rest on demand', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => String(400000000000 + i));
    await renderPage(
      summaryWith({ ...completeScan, unreachableAccounts: ids.map(refused) }),
    );
    expect(
      screen.getByText(
        'Warning: 8 accounts could not be scanned; their tables are not in these figures',
      ),
    ).toBeInTheDocument();
    const list = screen.getByTestId('unreachable-accounts');
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);
    expect(within(list).queryByText(ids[5])).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'and 3 more' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(8);
    expect(within(list).getByText(ids[7])).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);
  });

  it('shows the account-regions a failed scan could not read, and which scan the figures are from', async () => {
    await renderPage(
      summaryWith({
        ...completeScan,
        status: 'failed',
        errors: [
          '222222222222/eu-west-1: AccessDeniedException: not authorized to perform: dynamodb:ListTables',
          '444444444444/us-east-1: ThrottlingException: Rate exceeded',
        ],
        unreachableAccounts: [refused('555555555555')],
      }),
    );
    expect(
      screen.getByText('Error: The latest scan failed with 2 errors'),
    ).toBeInTheDocument();
    const errors = screen.getByTestId('scan-errors');
    expect(within(errors).getAllByRole('listitem')[0]).toHaveTextContent(
      'payments-prod (222222222222), eu-west-1: AccessDeniedException: not authorized to perform: dynamodb:ListTables',
    );
    expect(within(errors).getAllByRole('listitem')[1]).toHaveTextContent(
      '444444444444, us-east-1: ThrottlingException: Rate exceeded',
    );
    // A failed scan never replaces the figures, so the warnings must not say its accounts are missing from them.
    expect(
      screen.getByText(
        'Warning: 1 account could not be scanned by the latest scan, which failed',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/not in these figures/)).toBeNull();
    expect(
      screen.getAllByText(
        /These figures are from the last scan that read the fleet, finished at 2026-11-29T06:02:00.000Z/,
      ),
    ).toHaveLength(2);
    expect(await screen.findByTestId('scan-status')).toHaveTextContent(
      '1 account not reached, 2 errors (listed above)',
    );
  });

  it('shows the tables kept from an earlier scan, with when they were read and why, and gives IAM advice only for IAM errors', async () => {
    await renderPage(
      summaryWith({
        ...completeScan,
        status: 'partial',
        unreachableAccounts: [
          {
            accountId: '222222222222',
            roleArn:
              'arn:aws:iam::222222222222:role/dynamodb-encryption-reader',
            error:
              "Error: Duplicate middleware name 'dynamoDbEncryptionRequestCounter'",
            cause: 'portal',
          },
        ],
        staleParts: [
          {
            accountId: '222222222222',
            region: 'us-east-1',
            reason:
              "Error: Duplicate middleware name 'dynamoDbEncryptionRequestCounter'",
            since: '2026-11-29T06:02:00.000Z',
            tables: 3,
          },
        ],
      }),
    );
    expect(
      screen.getByText(
        'Error: 1 account could not be scanned; its tables are shown as last read, marked stale',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/This is a fault of the portal, not of IAM or AWS/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/sts:AssumeRole on it/)).toBeNull();
    expect(
      screen.getByText(
        'Warning: 3 tables are from an earlier scan: 1 account and region could not be read',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('stale-parts')).toHaveTextContent(
      'payments-prod (222222222222), us-east-1: 3 tables as last read at 2026-11-29T06:02:00.000Z. Could not be read: Error: Duplicate middleware name',
    );
    expect(await screen.findByTestId('scan-status')).toHaveTextContent(
      '3 tables stale',
    );
  });

  it('tells throttling and network errors apart from IAM', async () => {
    await renderPage(
      summaryWith({
        ...completeScan,
        unreachableAccounts: [
          {
            accountId: '222222222222',
            error: 'Throttling: Rate exceeded',
          },
        ],
      }),
    );
    expect(screen.getByText(/nothing to change in IAM/)).toBeInTheDocument();
    expect(screen.queryByText(/sts:AssumeRole on it/)).toBeNull();
  });
});
