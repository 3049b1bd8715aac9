import { WarningPanel } from '@backstage/core-components';
import {
  AccountErrorCause,
  accountErrorCause,
  FleetAccount,
  FleetSummary,
  plural,
  StalePart,
  UnreachableAccount,
} from '@dynamodb-encryption/backstage-plugin-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useState } from 'react';
import { adviceSeverity, SCAN_ADVICE } from './advice';
import { accountLabel } from './format';

/** How many accounts or errors a warning lists before "and N more": enough to act on, short with 100. */
export const FIRST_LISTED = 5;

/** The cause a scan recorded, or (for scans recorded before causes were) what the error's name tells. */
function causeOf(account: UnreachableAccount): AccountErrorCause {
  if (account.cause) return account.cause;
  const [name, ...rest] = account.error.split(': ');
  return accountErrorCause({ name, message: rest.join(': ') });
}

const SCAN_ERROR_ADVICE =
  'The scan stopped before it could use what it read; the next scan tries again.';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  item: { marginBottom: theme.spacing(1), wordBreak: 'break-word' },
  panels: {
    marginBottom: theme.spacing(2),
    '& > * + *': { marginTop: theme.spacing(1) },
  },
}));

/** The first few entries, and a button for the rest, so 100 failures do not push the figures off the page. */
function CompactList<T>(props: {
  items: T[];
  itemKey: (item: T, index: number) => string;
  render: (item: T) => ReactNode;
  testId: string;
}) {
  const classes = useStyles();
  const [all, setAll] = useState(false);
  const hidden = props.items.length - FIRST_LISTED;
  const shown = all ? props.items : props.items.slice(0, FIRST_LISTED);
  return (
    <>
      <ul className={classes.list} data-testid={props.testId}>
        {shown.map((item, i) => (
          <li key={props.itemKey(item, i)} className={classes.item}>
            {props.render(item)}
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <Button size="small" color="primary" onClick={() => setAll(a => !a)}>
          {all ? 'Show fewer' : `and ${hidden} more`}
        </Button>
      )}
    </>
  );
}

// The scanner writes an account-region failure as "<account>/<region>: <error>"; other errors (the
// catalog, the organization's account list, the store, an interrupted run) have no account.
const ACCOUNT_REGION_ERROR = /^(\d{12})\/([a-z0-9-]+): ([\s\S]*)$/;

function ScanError({
  error,
  accounts,
}: {
  error: string;
  accounts?: FleetAccount[];
}) {
  const m = ACCOUNT_REGION_ERROR.exec(error);
  if (!m) return <Typography variant="body2">{error}</Typography>;
  return (
    <Typography variant="body2">
      <strong>
        {accountLabel(m[1], accounts)}, {m[2]}
      </strong>
      : {m[3]}
    </Typography>
  );
}

function Unreachable({
  account,
  accounts,
}: {
  account: UnreachableAccount;
  accounts?: FleetAccount[];
}) {
  return (
    <>
      <Typography variant="body2">
        <strong>{accountLabel(account.accountId, accounts)}</strong>
      </Typography>
      <Typography variant="body2">
        Role:{' '}
        {account.roleArn ? (
          <code>{account.roleArn}</code>
        ) : (
          'the credentials configured for this account (aws.accounts or aws.accountDefaults)'
        )}
      </Typography>
      <Typography variant="body2">Error: {account.error}</Typography>
    </>
  );
}

function Stale({
  part,
  accounts,
}: {
  part: StalePart;
  accounts?: FleetAccount[];
}) {
  return (
    <Typography variant="body2">
      <strong>
        {accountLabel(part.accountId, accounts)}, {part.region}
      </strong>
      :{' '}
      {part.tables
        ? `${plural(part.tables, 'table', 'tables')} as last read at ${
            part.since
          }`
        : 'no earlier reading to show'}
      . Could not be read: {part.reason}
    </Typography>
  );
}

/** Where the page's figures come from when the latest scan failed (they are never a failed scan's). */
function figuresSource(summary: FleetSummary): string {
  const last = summary.trend[summary.trend.length - 1];
  return last
    ? `These figures are from the last scan that read the fleet, finished at ${last.finishedAt}.`
    : 'No scan has completed yet, so there are no figures.';
}

/**
 * Warnings over the fleet figures when the latest scan did not cover the whole fleet: the accounts it could
 * not reach (with advice that fits the error), the parts whose rows are an earlier scan's, and the errors
 * that failed a scan. Nothing when it covered all.
 */
export function ScanCoverageWarnings({ summary }: { summary: FleetSummary }) {
  const classes = useStyles();
  // While a scan runs, the figures (and what they miss) are still those of the last snapshot.
  const scan =
    summary.scan?.status === 'running' ? summary.figuresScan : summary.scan;
  if (!scan) return null;
  const unreachable = scan.unreachableAccounts ?? [];
  const errors = scan.errors ?? [];
  const staleParts = scan.staleParts ?? [];
  const staleTables = staleParts.reduce((n, p) => n + p.tables, 0);
  // A failed scan is never read: the figures stay those of the last complete or partial scan.
  const figuresAreThisScan =
    scan.status === 'complete' || scan.status === 'partial';
  const n = unreachable.length;
  if (!n && !errors.length && !staleParts.length) return null;
  const causes = [...new Set(unreachable.map(causeOf))];
  const advice = causes.map(c => SCAN_ADVICE[c]).join(' ');
  let unreachableTitle = `${plural(
    n,
    'account',
    'accounts',
  )} could not be scanned by the latest scan, which failed`;
  if (figuresAreThisScan)
    unreachableTitle = `${plural(
      n,
      'account',
      'accounts',
    )} could not be scanned; ${
      staleTables
        ? `${
            n === 1 ? 'its' : 'their'
          } tables are shown as last read, marked stale`
        : `${n === 1 ? 'its' : 'their'} tables are not in these figures`
    }`;
  return (
    <div className={classes.panels} data-testid="scan-coverage">
      {n > 0 && (
        <WarningPanel
          defaultExpanded
          severity={adviceSeverity(causes)}
          title={unreachableTitle}
          message={
            figuresAreThisScan ? advice : `${figuresSource(summary)} ${advice}`
          }
        >
          <CompactList
            testId="unreachable-accounts"
            items={unreachable}
            itemKey={u => u.accountId}
            render={u => (
              <Unreachable account={u} accounts={summary.accounts} />
            )}
          />
        </WarningPanel>
      )}
      {figuresAreThisScan && staleParts.length > 0 && (
        <WarningPanel
          defaultExpanded
          title={`${plural(
            staleTables,
            'table is',
            'tables are',
          )} from an earlier scan: ${plural(
            staleParts.length,
            'account and region',
            'accounts and regions',
          )} could not be read`}
          message="Each part keeps what an earlier scan read, marked stale in the table below, until a scan reads it again."
        >
          <CompactList
            testId="stale-parts"
            items={staleParts}
            itemKey={p => `${p.accountId}/${p.region}`}
            render={p => <Stale part={p} accounts={summary.accounts} />}
          />
        </WarningPanel>
      )}
      {errors.length > 0 && (
        <WarningPanel
          defaultExpanded
          severity={figuresAreThisScan ? 'warning' : 'error'}
          title={`The latest scan ${
            figuresAreThisScan ? 'reported' : 'failed with'
          } ${plural(errors.length, 'error', 'errors')}`}
          message={
            figuresAreThisScan
              ? SCAN_ERROR_ADVICE
              : `${figuresSource(summary)} ${SCAN_ERROR_ADVICE}`
          }
        >
          <CompactList
            testId="scan-errors"
            items={errors}
            itemKey={(e, i) => `${i}:${e}`}
            render={e => <ScanError error={e} accounts={summary.accounts} />}
          />
        </WarningPanel>
      )}
    </div>
  );
}
