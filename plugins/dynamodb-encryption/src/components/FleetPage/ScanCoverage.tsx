import { WarningPanel } from '@backstage/core-components';
import {
  FleetAccount,
  FleetSummary,
  UnreachableAccount,
} from '@internal/plugin-dynamodb-encryption-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode, useState } from 'react';
import { accountLabel } from './format';

/** How many accounts or errors a warning lists before "and N more": enough to act on, short with 100. */
export const FIRST_LISTED = 5;

// Where the project documents the IAM the scan needs (the role in each account and the portal's own rights).
const IAM_DOCS = 'the IAM table under "An AWS Organization" in the README';

const ASSUME_ROLE_ADVICE =
  'The scan reaches each account by assuming a role there. That role must exist in the account and trust ' +
  "the portal's main account for sts:AssumeRole, and the portal's own credentials must be allowed " +
  `sts:AssumeRole on it; the actions the role needs are in ${IAM_DOCS}. The next scan tries these accounts again.`;

const SCAN_ERROR_ADVICE =
  'An account and region that failed is usually an action its role is not allowed (listed in ' +
  `${IAM_DOCS}) or AWS throttling; the next scan tries again.`;

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  item: { marginBottom: theme.spacing(1), wordBreak: 'break-word' },
  panels: {
    marginBottom: theme.spacing(2),
    '& > * + *': { marginTop: theme.spacing(1) },
  },
}));

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

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

/** Where the page's figures come from when the latest scan failed (they are never a failed scan's). */
function figuresSource(summary: FleetSummary): string {
  const last = summary.trend[summary.trend.length - 1];
  return last
    ? `These figures are from the last complete scan, finished at ${last.finishedAt}.`
    : 'No scan has completed yet, so there are no figures.';
}

/**
 * Warnings over the fleet figures when the latest scan did not cover the whole fleet: the accounts whose
 * role it could not assume, and the account-regions (or steps) that failed. Nothing when it covered all.
 */
export function ScanCoverageWarnings({ summary }: { summary: FleetSummary }) {
  const classes = useStyles();
  // While a scan runs, the figures (and what they miss) are still those of the last complete scan.
  const scan =
    summary.scan?.status === 'running' ? summary.figuresScan : summary.scan;
  if (!scan) return null;
  const unreachable = scan.unreachableAccounts ?? [];
  const errors = scan.errors ?? [];
  // A scan with errors is stored as failed and the figures stay those of the last complete scan.
  const figuresAreThisScan = scan.status === 'complete';
  const n = unreachable.length;
  if (!n && !errors.length) return null;
  return (
    <div className={classes.panels} data-testid="scan-coverage">
      {n > 0 && (
        <WarningPanel
          defaultExpanded
          title={
            figuresAreThisScan
              ? `${plural(n, 'account', 'accounts')} could not be scanned; ${
                  n === 1 ? 'its' : 'their'
                } tables are not in these figures`
              : `${plural(
                  n,
                  'account',
                  'accounts',
                )} could not be scanned by the latest scan, which failed`
          }
          message={
            figuresAreThisScan
              ? ASSUME_ROLE_ADVICE
              : `${figuresSource(summary)} ${ASSUME_ROLE_ADVICE}`
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
