import {
  FleetAccount,
  FleetRow,
  Finding,
  findingShortTitle,
  KEY_TYPE_LABELS,
  monthlyCostLabel,
  Severity,
} from '@dynamodb-encryption/backstage-plugin-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useChipStyles = makeStyles(theme => ({
  chip: { height: 20, fontSize: '0.75rem', maxWidth: 220 },
  critical: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  high: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  low: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  info: {},
}));

/** A severity-coloured chip; with a finding, its short title (the full title on hover). */
export function SeverityChip({
  severity,
  finding,
}: {
  severity: Severity;
  finding?: Finding;
}) {
  const classes = useChipStyles();
  return (
    <Chip
      size="small"
      className={`${classes.chip} ${classes[severity]}`}
      label={finding ? findingShortTitle(finding) : severity}
      title={finding ? `${severity}: ${finding.title}` : undefined}
    />
  );
}

/** A key by its alias; without one, its key id (the ARN is on hover). */
export function keyName(key: { kmsKeyArn?: string; aliases?: string[] }) {
  if (key.aliases?.length) return key.aliases[0].replace(/^alias\//, '');
  return key.kmsKeyArn ? key.kmsKeyArn.split('/').pop()! : '—';
}

/** An owner entity ref without its kind and default namespace ("group:default/orders-team" → "orders-team"). */
export function ownerName(ref: string): string {
  return ref.replace(/^[^:]+:/, '').replace(/^default\//, '');
}

/** An account in words: "name (id)" when the fleet names it, else its id. */
export function accountLabel(
  accountId: string,
  accounts?: FleetAccount[],
): string {
  const name = accounts?.find(a => a.accountId === accountId)?.name;
  return name ? `${name} (${accountId})` : accountId;
}

/** An account by its configured name (the id on hover), or its id. */
export function AccountName({
  accountId,
  accounts,
}: {
  accountId: string;
  accounts?: FleetAccount[];
}) {
  const name = accounts?.find(a => a.accountId === accountId)?.name;
  return <span title={accountId}>{name ?? accountId}</span>;
}

/** The key type in words, with the key's state when DynamoDB cannot use it as it is. */
export function keyTypeText(row: FleetRow): string {
  const state = row.encryption.keyState;
  return (
    KEY_TYPE_LABELS[row.encryption.keyType] +
    (state && state !== 'Enabled' ? ` (${state})` : '')
  );
}

/** The monthly cost; a key type AWS did not let the scan read has no cost, not $0.00. */
export function costText(row: FleetRow): string {
  return row.cost.unknown
    ? monthlyCostLabel(row.cost)
    : `$${row.cost.monthlyUsd.toFixed(2)}`;
}

/** The owner by name (the entity ref on hover), or "unowned". */
export function OwnerName({ owner }: { owner?: string }) {
  return owner ? (
    <span title={owner}>{ownerName(owner)}</span>
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      unowned
    </Typography>
  );
}

/** How long ago an instant was, in the largest whole unit ("just now", "2 min ago", "3 h ago", "2 days ago"). */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 45) return 'just now';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** `timeAgo`, with the instant itself on hover. */
export function TimeAgo({ at, now }: { at: string; now?: number }) {
  return <span title={at}>{timeAgo(at, now)}</span>;
}
