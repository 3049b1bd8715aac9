import { renderInTestApp } from '@backstage/test-utils';
import { FleetEventsStatus } from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { QUEUE_ACTIONS } from './advice';
import { eventsLine, EventsFreshness } from './EventsFreshness';

const now = Date.now();
const ago = (ms: number) => new Date(now - ms).toISOString();
const queueUrl =
  'https://sqs.eu-west-1.amazonaws.com/222222222222/fleet-events';

function status(partial: Partial<FleetEventsStatus> = {}): FleetEventsStatus {
  return {
    queue: { url: queueUrl, accountId: '222222222222', region: 'eu-west-1' },
    lastReceivedAt: ago(2 * 60_000),
    lastAppliedAt: ago(2 * 60_000 + 5_000),
    lastHour: { received: 14, applied: 12, ignored: 2 },
    ...partial,
  };
}

describe('eventsLine', () => {
  it('says when events came and were applied, and counts the last hour', () => {
    expect(eventsLine(status(), now)).toBe(
      'Events: last received 2 min ago, last applied 2 min ago · 14 in the last hour (12 applied, 2 ignored)',
    );
  });

  it('says so when none came, or none was applied', () => {
    const quiet = { received: 0, applied: 0, ignored: 0 };
    expect(
      eventsLine(
        status({
          lastReceivedAt: undefined,
          lastAppliedAt: undefined,
          lastHour: quiet,
        }),
        now,
      ),
    ).toBe(
      'Events: none received yet · 0 in the last hour (0 applied, 0 ignored)',
    );
    expect(
      eventsLine(
        status({
          lastReceivedAt: ago(3 * 3600_000),
          lastAppliedAt: undefined,
          lastHour: quiet,
        }),
        now,
      ),
    ).toBe(
      'Events: last received 3 h ago, none applied yet · 0 in the last hour (0 applied, 0 ignored)',
    );
  });
});

describe('EventsFreshness', () => {
  it('shows the line, and no warning, while the queue is read', async () => {
    await renderInTestApp(<EventsFreshness events={status()} />);
    expect(screen.getByTestId('events-freshness')).toHaveTextContent(
      'Events: last received 2 min ago, last applied 2 min ago · 14 in the last hour (12 applied, 2 ignored)',
    );
    expect(screen.queryByTestId('events-error')).toBeNull();
  });

  it('names the queue it cannot read, with the AWS error as it came and what to grant', async () => {
    const message =
      'User: arn:aws:sts::222222222222:assumed-role/portal/x is not authorized to perform: sqs:receivemessage on resource: arn:aws:sqs:eu-west-1:222222222222:fleet-events';
    await renderInTestApp(
      <EventsFreshness
        events={status({
          error: { message, cause: 'iam', since: ago(10 * 60_000) },
        })}
        accounts={[
          {
            accountId: '222222222222',
            name: 'payments-prod',
            regions: ['eu-west-1'],
          },
        ]}
      />,
    );
    expect(
      screen.getByText(
        'Warning: Event queue fleet-events cannot be read: tables are updated by scans only',
      ),
    ).toBeInTheDocument();
    const details = screen.getByTestId('events-error');
    expect(details).toHaveTextContent(
      `Queue: ${queueUrl} (payments-prod (222222222222), eu-west-1)`,
    );
    expect(details).toHaveTextContent(`Error: ${message}`);
    const advice = screen.getByText(/^Grant sqs:/);
    for (const action of QUEUE_ACTIONS)
      expect(advice).toHaveTextContent(action);
    expect(advice).toHaveTextContent(/scans go on/);
    expect(QUEUE_ACTIONS).toEqual(['sqs:ReceiveMessage', 'sqs:DeleteMessage']);
    // The line stays: when the last event came is still worth knowing.
    expect(screen.getByTestId('events-freshness')).toHaveTextContent(
      /14 in the last hour/,
    );
  });

  it('gives IAM advice only for IAM errors', async () => {
    await renderInTestApp(
      <EventsFreshness
        events={status({
          error: {
            message: 'TimeoutError: connect ETIMEDOUT',
            cause: 'unavailable',
            since: ago(60_000),
          },
        })}
      />,
    );
    expect(screen.getByTestId('events-error')).toHaveTextContent(
      `Queue: ${queueUrl} (222222222222, eu-west-1)`,
    );
    expect(screen.getByText(/nothing to change in IAM/)).toHaveTextContent(
      /scans go on/,
    );
    expect(screen.queryByText(/sqs:ReceiveMessage/)).toBeNull();
  });

  it('says discreetly that event updates are off when no queue is configured', async () => {
    await renderInTestApp(<EventsFreshness events={undefined} />);
    expect(screen.getByTestId('events-freshness')).toHaveTextContent(
      'Event updates are off: fleet figures are as of the last scan.',
    );
    expect(screen.queryByTestId('events-error')).toBeNull();
    expect(screen.queryByText(/^Events:/)).toBeNull();
  });
});
