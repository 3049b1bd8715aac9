import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  FleetRow,
  FleetSummary,
} from '@dynamodb-encryption/backstage-plugin-common';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { FLEET_CHANGES_WINDOW_MS } from '../../hooks/useFleetChanges';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import { FleetPage } from './FleetPage';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

function summaryOf(tables: number): FleetSummary {
  return {
    tables,
    byKeyType: {
      AWS_OWNED: 0,
      AWS_MANAGED: 0,
      CUSTOMER_MANAGED: tables,
      UNKNOWN: 0,
    },
    rotation: { eligible: tables, rotated: tables },
    cost: { monthlyUsd: tables, byKey: [], byOwner: [] },
    findings: {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      unowned: 0,
    },
    trend: [],
    events: {
      queue: {
        url: 'https://sqs.us-east-1.amazonaws.com/111111111111/fleet-events',
        region: 'us-east-1',
      },
      lastReceivedAt: minutesAgo(2),
      lastAppliedAt: minutesAgo(2),
      lastHour: { received: 14, applied: 12, ignored: 2 },
    },
  };
}

function rowOf(name: string, keyState: string): FleetRow {
  return {
    table: {
      arn: `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`,
      name,
      accountId: '111111111111',
      region: 'us-east-1',
    },
    encryption: {
      keyType: 'CUSTOMER_MANAGED',
      aliases: ['alias/orders-data'],
      keyState,
      rotation: { enabled: true },
    },
    cost: { monthlyUsd: 1, breakdown: [], assumptions: {} },
    findings: [],
    readAt: minutesAgo(3),
    event: { name: 'DisableKey', time: minutesAgo(3) },
  };
}

/** A promise the test settles when it wants: the refetch in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

async function renderDashboard(api: Record<string, unknown>) {
  const signals = fakeSignals();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [signalApiRef, signals.api],
        [
          dynamoDbEncryptionApiRef,
          {
            getFleetAccess: async () => ({ scope: 'all' as const }),
            getLatestScan: async () => ({
              status: 'none' as const,
              progress: { done: 0, total: 0 },
            }),
            ...api,
          },
        ],
      ]}
    >
      <FleetPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return signals;
}

jest.setTimeout(30_000);

afterEach(() => {
  jest.useRealTimers();
});

describe('FleetPage on fleet signals', () => {
  it('reads the summary and the table again, once per burst, keeping what it shows meanwhile', async () => {
    const nextSummary = deferred<FleetSummary>();
    const nextTables = deferred<{ items: FleetRow[]; total: number }>();
    const getFleetSummary = jest
      .fn()
      .mockResolvedValueOnce(summaryOf(14))
      .mockReturnValueOnce(nextSummary.promise)
      .mockResolvedValue(summaryOf(16));
    const listFleetTables = jest
      .fn()
      .mockResolvedValueOnce({ items: [rowOf('orders', 'Enabled')], total: 1 })
      .mockReturnValueOnce(nextTables.promise)
      .mockResolvedValue({ items: [rowOf('orders', 'Disabled')], total: 1 });
    const signals = await renderDashboard({ getFleetSummary, listFleetTables });
    expect(
      await screen.findByRole('link', { name: 'Tables: 14' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('orders')).toBeInTheDocument();
    expect(signals.subscribers()).toBeGreaterThan(0);
    expect(getFleetSummary).toHaveBeenCalledTimes(1);
    expect(listFleetTables).toHaveBeenCalledTimes(1);

    // A burst of AWS events: five signals within the window are one re-read, at the window's end.
    jest.useFakeTimers();
    for (let i = 0; i < 5; i++) signals.emitFleetChange();
    act(() => {
      jest.advanceTimersByTime(FLEET_CHANGES_WINDOW_MS - 1);
    });
    expect(getFleetSummary).toHaveBeenCalledTimes(1);
    act(() => {
      jest.advanceTimersByTime(1);
    });
    expect(getFleetSummary).toHaveBeenCalledTimes(2);
    expect(listFleetTables).toHaveBeenCalledTimes(2);
    expect(listFleetTables).toHaveBeenLastCalledWith(
      listFleetTables.mock.calls[0][0],
    );

    // While it runs, the page shows what it had: no spinner, no blank table.
    expect(
      screen.getByRole('link', { name: 'Tables: 14' }),
    ).toBeInTheDocument();
    expect(screen.getByText('orders')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();

    await act(async () => {
      nextSummary.resolve(summaryOf(15));
      nextTables.resolve({
        items: [rowOf('orders', 'Disabled')],
        total: 1,
      });
    });
    expect(
      screen.getByRole('link', { name: 'Tables: 15' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Customer managed (Disabled)')).toBeInTheDocument();

    // A later signal, after the window closed, is read again too.
    signals.emitFleetChange();
    await act(async () => {
      jest.advanceTimersByTime(FLEET_CHANGES_WINDOW_MS);
    });
    expect(getFleetSummary).toHaveBeenCalledTimes(3);
    jest.useRealTimers();
    expect(
      await screen.findByRole('link', { name: 'Tables: 16' }),
    ).toBeInTheDocument();
  });

  it('keeps a row’s open details open across a re-read, showing the new row', async () => {
    const listFleetTables = jest
      .fn()
      .mockResolvedValueOnce({ items: [rowOf('orders', 'Enabled')], total: 1 })
      .mockResolvedValue({ items: [rowOf('orders', 'Disabled')], total: 1 });
    const signals = await renderDashboard({
      getFleetSummary: async () => summaryOf(1),
      listFleetTables,
    });
    fireEvent.click(await screen.findByText('orders'));
    expect(
      await screen.findByTestId('fleet-row-details-orders'),
    ).toBeInTheDocument();
    signals.emitFleetChange();
    await waitFor(() => expect(listFleetTables).toHaveBeenCalledTimes(2), {
      timeout: FLEET_CHANGES_WINDOW_MS + 2000,
    });
    await waitFor(() =>
      expect(screen.getByTestId('fleet-row-details-orders')).toHaveTextContent(
        /Disabled/,
      ),
    );
  });

  it('says how fresh the fleet is from events, and which event re-read a row', async () => {
    await renderDashboard({
      getFleetSummary: async () => summaryOf(1),
      listFleetTables: async () => ({
        items: [rowOf('orders', 'Disabled')],
        total: 1,
      }),
    });
    expect(await screen.findByTestId('events-freshness')).toHaveTextContent(
      'Events: last received 2 min ago, last applied 2 min ago · 14 in the last hour (12 applied, 2 ignored)',
    );
    fireEvent.click(await screen.findByText('orders'));
    await waitFor(() =>
      expect(screen.getByTestId('fleet-row-details-orders')).toHaveTextContent(
        /Read from AWSupdated by DisableKey 3 min ago/,
      ),
    );
  });
});
