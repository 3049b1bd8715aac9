import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { plural } from '@dynamodb-encryption/backstage-plugin-common';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import {
  DynamoDbEncryptionApi,
  dynamoDbEncryptionApiRef,
} from '../../api/DynamoDbEncryptionApi';
import { useLiveAsync } from '../../hooks/useLiveAsync';

/** The latest scan in one sentence, counting what it missed (listed in the warnings above the figures). */
export function scanText(
  scan: Awaited<ReturnType<DynamoDbEncryptionApi['getLatestScan']>> | undefined,
): string {
  if (!scan || scan.status === 'none') return 'No scan yet.';
  const { done, total } = scan.progress;
  const finished =
    'finishedAt' in scan && scan.finishedAt ? ` at ${scan.finishedAt}` : '';
  const perTable =
    'awsRequests' in scan && total
      ? `, ${(scan.awsRequests / total).toFixed(2)} AWS requests per table`
      : '';
  // The details are in the warnings above the figures; the card only counts them.
  const missed = 'errors' in scan ? scan.unreachableAccounts?.length ?? 0 : 0;
  const failed = 'errors' in scan ? scan.errors.length : 0;
  const stale =
    'staleParts' in scan
      ? (scan.staleParts ?? []).reduce((n, p) => n + p.tables, 0)
      : 0;
  const gaps = [
    missed && `${plural(missed, 'account', 'accounts')} not reached`,
    stale && `${plural(stale, 'table', 'tables')} stale`,
    failed && plural(failed, 'error', 'errors'),
  ].filter(Boolean);
  const seeAbove = gaps.length ? `; ${gaps.join(', ')} (listed above)` : '';
  return `Last scan ${scan.status}${finished}: ${done} of ${plural(
    total,
    'table',
    'tables',
  )} read${perTable}${seeAbove}`;
}

/** The latest scan in a sentence, its progress while it runs, and the button that starts one. */
export function ScanStatus({ onFinished }: { onFinished: () => void }) {
  const api = useApi(dynamoDbEncryptionApiRef);
  const alerts = useApi(alertApiRef);
  // A scheduled scan's end is a fleet change too: the sentence follows it without polling.
  const { value: scan, retry } = useLiveAsync(() => api.getLatestScan(), [api]);
  const running = scan?.status === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(() => {
      retry();
    }, 2000);
    return () => clearTimeout(timer);
  }, [running, scan, retry]);
  const [wasRunning, setWasRunning] = useState(false);
  useEffect(() => {
    if (wasRunning && !running) onFinished();
    setWasRunning(running);
  }, [running]); // eslint-disable-line react-hooks/exhaustive-deps
  const { done, total } = scan?.progress ?? { done: 0, total: 0 };
  const start = async () => {
    try {
      await api.startScan();
      alerts.post({
        message: 'Fleet scan started',
        severity: 'info',
        display: 'transient',
      });
      setTimeout(retry, 1000);
    } catch (e) {
      alerts.post({
        message: `Could not start a scan: ${(e as Error).message}`,
        severity: 'error',
      });
    }
  };
  return (
    <InfoCard title="Scan">
      <Typography variant="body2" data-testid="scan-status">
        {scanText(scan)}
      </Typography>
      {running && (
        <LinearProgress
          variant="determinate"
          value={total ? (100 * done) / total : 0}
        />
      )}
      <Button
        variant="outlined"
        color="primary"
        onClick={start}
        disabled={running}
        style={{ marginTop: 8 }}
      >
        Scan now
      </Button>
    </InfoCard>
  );
}
