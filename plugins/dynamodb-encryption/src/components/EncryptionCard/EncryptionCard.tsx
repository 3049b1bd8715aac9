import { ResponseError } from '@backstage/errors';
import {
  CopyTextButton,
  EmptyState,
  InfoCard,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
  Finding,
  monthlyCostLabel,
  rotationLabel,
  Undetermined,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { useEncryptionReport } from '../../hooks/useEncryptionReport';
import { AdoptButton } from '../AdoptButton/AdoptButton';
import { ChangeKeyButton } from '../ChangeKeyButton/ChangeKeyButton';
import { KeyTypeStatus } from './KeyTypeStatus';

function KeyArn({ arn }: { arn?: string }) {
  if (!arn) return <>—</>;
  return (
    <Box display="flex" alignItems="center" style={{ wordBreak: 'break-all' }}>
      <span>{arn}</span>
      <CopyTextButton
        text={arn}
        tooltipText="Key ARN copied"
        aria-label="Copy key ARN"
      />
    </Box>
  );
}

function TopFindings({ findings }: { findings: Finding[] }) {
  const shown = findings.filter(f => f.severity !== 'info').slice(0, 3);
  if (!shown.length) return <>None</>;
  return (
    <Box>
      {shown.map(f => (
        <Typography key={f.id} variant="body2">
          <strong>{f.severity.toUpperCase()}</strong> {f.title}
        </Typography>
      ))}
    </Box>
  );
}

/** What AWS did not let the portal see, and what to grant so that it can. */
export function UndeterminedNote({
  undetermined,
}: {
  undetermined: Undetermined;
}) {
  return (
    <Box>
      <Typography variant="body2">{undetermined.reason}</Typography>
      {undetermined.grant.map(g => (
        <Typography key={g.resource} variant="body2" color="textSecondary">
          Grant {g.actions.join(', ')} on {g.resource} to the portal's role in
          account {g.accountId}
        </Typography>
      ))}
    </Box>
  );
}

/** The monthly cost, with what it rests on and who pays it. */
export function CostSummary({ report }: { report: EncryptionReport }) {
  const cost = report.cost;
  const billedElsewhere =
    cost?.billedToAccountId &&
    cost.billedToAccountId !== report.table.accountId;
  return (
    <Box>
      <Typography variant="body2">{monthlyCostLabel(cost)}</Typography>
      {cost?.basis && (
        <Typography variant="caption" color="textSecondary" display="block">
          {cost.basis.label}
        </Typography>
      )}
      {billedElsewhere && (
        <Typography variant="caption" color="textSecondary" display="block">
          Billed to the key's account {cost!.billedToAccountId}
        </Typography>
      )}
    </Box>
  );
}

/** Placeholder rows while the report loads. */
export function ReportSkeleton() {
  return (
    <Box data-testid="encryption-loading">
      {[0, 1, 2, 3, 4].map(i => (
        <Skeleton key={i} variant="text" height={32} />
      ))}
    </Box>
  );
}

/** What to do when the entity does not name a table. */
export function MissingAnnotation() {
  return (
    <EmptyState
      missing="field"
      title="No DynamoDB table annotation"
      description={`Add the ${DYNAMODB_TABLE_ARN_ANNOTATION} annotation with the table's ARN to this entity's catalog-info.yaml to see its encryption.`}
    />
  );
}

/** The report's essentials, once loaded. */
export function EncryptionSummary({ report }: { report: EncryptionReport }) {
  const { table, encryption } = report;
  const metadata: Record<string, unknown> = {
    'Key type': <KeyTypeStatus encryption={encryption} />,
    Table: `${table.name} (${table.accountId}, ${table.region})`,
    'Key alias': encryption.aliases.length
      ? encryption.aliases.join(', ')
      : '—',
    'Key ARN': <KeyArn arn={encryption.kmsKeyArn} />,
    'Key state': encryption.keyState ?? '—',
    Rotation: rotationLabel(encryption),
    'Estimated KMS cost': <CostSummary report={report} />,
    Findings: <TopFindings findings={report.findings} />,
  };
  if (encryption.undetermined) {
    metadata['Not visible'] = (
      <UndeterminedNote undetermined={encryption.undetermined} />
    );
  }
  if (report.stale) {
    metadata.Freshness = `Stale: last read ${report.fetchedAt}${
      report.staleReason ? ` (${report.staleReason})` : ''
    }`;
  }
  return (
    <>
      <StructuredMetadataTable metadata={metadata} />
      <AdoptButton />
      <ChangeKeyButton />
    </>
  );
}

/**
 * Entity card: what protects the entity's DynamoDB table.
 *
 * @public
 */
export function EncryptionCard() {
  const { value, loading, error, available } = useEncryptionReport();

  let content;
  if (!available) {
    content = <MissingAnnotation />;
  } else if (loading) {
    content = <ReportSkeleton />;
  } else if (error) {
    // The backend's own words (such as why the GitOps side refused the table's Application), not only
    // "Request failed with 404", stay visible without opening the details.
    content = (
      <ResponseErrorPanel
        error={error}
        title={(error as ResponseError).body?.error?.message ?? error.message}
      />
    );
  } else if (value) {
    content = <EncryptionSummary report={value} />;
  }
  return <InfoCard title="DynamoDB encryption">{content}</InfoCard>;
}
