import { WarningPanel } from '@backstage/core-components';
import {
  FleetAccount,
  FleetEventsStatus,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { adviceSeverity, QUEUE_ADVICE } from './advice';
import { accountLabel, TimeAgo, timeAgo } from './format';

/** The current time, again every `ms`, so "2 min ago" stays true on a page left open. */
function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * The freshness line: "Events: last received 2 min ago, last applied 2 min ago · 14 in the last hour (12
 * applied, 2 ignored)".
 */
export function eventsLine(
  events: FleetEventsStatus,
  now: number = Date.now(),
): string {
  const { received, applied, ignored } = events.lastHour;
  const last = [
    events.lastReceivedAt
      ? `last received ${timeAgo(events.lastReceivedAt, now)}`
      : 'none received yet',
    events.lastAppliedAt
      ? `last applied ${timeAgo(events.lastAppliedAt, now)}`
      : events.lastReceivedAt && 'none applied yet',
  ].filter(Boolean);
  return `Events: ${last.join(
    ', ',
  )} · ${received} in the last hour (${applied} applied, ${ignored} ignored)`;
}

/** A queue by its name, the last part of its URL. */
function queueName(url: string): string {
  return url.replace(/\/+$/, '').split('/').pop() || url;
}

/**
 * How fresh the fleet is from AWS events (`summary.events`): when the last event came and was applied, the
 * last hour's count, and, while the queue cannot be read, the AWS error with what to do. Without a queue,
 * one discreet sentence: the figures are the last scan's.
 */
export function EventsFreshness({
  events,
  accounts,
}: {
  events?: FleetEventsStatus;
  accounts?: FleetAccount[];
}) {
  const now = useNow();
  if (!events) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        component="p"
        data-testid="events-freshness"
        gutterBottom
      >
        Event updates are off: fleet figures are as of the last scan.
      </Typography>
    );
  }
  const { queue, error } = events;
  return (
    <Box mb={2}>
      {error && (
        <Box mb={1}>
          <WarningPanel
            defaultExpanded
            severity={adviceSeverity([error.cause])}
            title={`Event queue ${queueName(
              queue.url,
            )} cannot be read: tables are updated by scans only`}
            message={QUEUE_ADVICE[error.cause]}
          >
            <Box data-testid="events-error">
              <Typography variant="body2">
                Queue: <code>{queue.url}</code> (
                {queue.accountId
                  ? `${accountLabel(queue.accountId, accounts)}, `
                  : ''}
                {queue.region})
              </Typography>
              <Typography variant="body2">Error: {error.message}</Typography>
              <Typography variant="body2">
                Since <TimeAgo at={error.since} now={now} />
              </Typography>
            </Box>
          </WarningPanel>
        </Box>
      )}
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="events-freshness"
        title="Applied: the tables an event touched were read again and stored. Ignored: logged and removed."
      >
        {eventsLine(events, now)}
      </Typography>
    </Box>
  );
}
