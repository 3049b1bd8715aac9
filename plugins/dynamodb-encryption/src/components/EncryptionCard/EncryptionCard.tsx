import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CopyTextButton,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
  Finding,
} from '@internal/plugin-dynamodb-encryption-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { isDynamoDbEncryptionAvailable } from '../isDynamoDbEncryptionAvailable';
import { KeyTypeStatus } from './KeyTypeStatus';

function rotationText(report: EncryptionReport): string {
  const rotation = report.encryption.rotation;
  if (report.encryption.keyType === 'AWS_OWNED') return 'Managed by AWS (not visible in your account)';
  if (!rotation) return 'Unknown';
  if (rotation.managedByAws) return 'Yearly, by AWS';
  if (!rotation.enabled) return 'Off';
  const period = rotation.periodDays ? `, every ${rotation.periodDays} days` : '';
  const next = rotation.nextRotationDate ? `, next ${rotation.nextRotationDate.slice(0, 10)}` : '';
  return `Enabled${period}${next}`;
}

function KeyArn({ arn }: { arn?: string }) {
  if (!arn) return <>—</>;
  return (
    <Box display="flex" alignItems="center" style={{ wordBreak: 'break-all' }}>
      <span>{arn}</span>
      <CopyTextButton text={arn} tooltipText="Key ARN copied" aria-label="Copy key ARN" />
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

/** The report's essentials, once loaded. */
export function EncryptionSummary({ report }: { report: EncryptionReport }) {
  const { table, encryption } = report;
  const metadata: Record<string, unknown> = {
    'Key type': <KeyTypeStatus encryption={encryption} />,
    Table: `${table.name} (${table.accountId}, ${table.region})`,
    'Key alias': encryption.aliases.length ? encryption.aliases.join(', ') : '—',
    'Key ARN': <KeyArn arn={encryption.kmsKeyArn} />,
    'Key state': encryption.keyState ?? '—',
    Rotation: rotationText(report),
    'Estimated KMS cost': report.cost ? `$${report.cost.monthlyUsd.toFixed(2)} / month` : '—',
    Findings: <TopFindings findings={report.findings} />,
  };
  if (report.stale) {
    metadata.Freshness = `Stale: last read ${report.fetchedAt}`;
  }
  return <StructuredMetadataTable metadata={metadata} />;
}

/**
 * Entity card: what protects the entity's DynamoDB table.
 *
 * @public
 */
export function EncryptionCard() {
  const { entity } = useEntity();
  const api = useApi(dynamoDbEncryptionApiRef);
  const available = isDynamoDbEncryptionAvailable(entity);
  const { value, loading, error } = useAsyncRetry(
    async () => (available ? api.getEncryptionReport(getCompoundEntityRef(entity)) : undefined),
    [api, stringifyEntityRef(entity), available],
  );

  let content;
  if (!available) {
    content = (
      <EmptyState
        missing="field"
        title="No DynamoDB table annotation"
        description={`Add the ${DYNAMODB_TABLE_ARN_ANNOTATION} annotation with the table's ARN to this entity's catalog-info.yaml to see its encryption.`}
      />
    );
  } else if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <EncryptionSummary report={value} />;
  }
  return <InfoCard title="DynamoDB encryption">{content}</InfoCard>;
}
