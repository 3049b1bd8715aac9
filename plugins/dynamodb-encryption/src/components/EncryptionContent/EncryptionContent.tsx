import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useEncryptionReport } from '../../hooks/useEncryptionReport';
import {
  EncryptionSummary,
  MissingAnnotation,
  ReportSkeleton,
} from '../EncryptionCard/EncryptionCard';
import { CostSection } from './CostSection';
import {
  ComplianceSection,
  DriftSection,
  FindingsSection,
  KeySection,
} from './sections';

/**
 * Entity tab: the whole encryption report of the entity's table.
 *
 * @public
 */
export function EncryptionContent() {
  const { value: report, loading, error, available } = useEncryptionReport();
  if (!available) return <MissingAnnotation />;
  if (loading) return <ReportSkeleton />;
  if (error) return <ResponseErrorPanel error={error} />;
  // Nothing to show, as an element: the legacy export promises one.
  if (!report) return <></>;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Summary">
          <EncryptionSummary report={report} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <KeySection report={report} />
      </Grid>
      <Grid item xs={12} md={6}>
        <CostSection report={report} />
      </Grid>
      <Grid item xs={12} md={6}>
        <ComplianceSection report={report} />
      </Grid>
      <Grid item xs={12}>
        <DriftSection report={report} />
      </Grid>
      <Grid item xs={12}>
        <FindingsSection report={report} />
      </Grid>
    </Grid>
  );
}
