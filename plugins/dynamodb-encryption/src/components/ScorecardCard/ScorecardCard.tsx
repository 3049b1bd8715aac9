import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { ReportSkeleton } from '../EncryptionCard/EncryptionCard';
import { runEncryptionChecks, ScorecardCheck } from './techInsightsChecks';

function Outcome({ passed }: { passed?: boolean }) {
  if (passed === true) return <StatusOK>Passed</StatusOK>;
  if (passed === false) return <StatusError>Failed</StatusError>;
  return <StatusWarning>Not known yet</StatusWarning>;
}

/**
 * The Tech Insights scorecard of a table, or of a Component or System through the tables it depends on: each
 * check on the DynamoDB encryption facts (from the latest fleet scan) passed, failed or not known.
 *
 * @public
 */
export function ScorecardCard() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { value, loading, error } = useAsync(
    () =>
      runEncryptionChecks(
        { discoveryApi, fetchApi },
        getCompoundEntityRef(entity),
      ),
    [discoveryApi, fetchApi, stringifyEntityRef(entity)],
  );
  let content;
  if (loading) content = <ReportSkeleton />;
  else if (error) content = <ResponseErrorPanel error={error} />;
  else
    content = (
      <Table<ScorecardCheck>
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent="No Tech Insights check reads the DynamoDB encryption facts (techInsights.factChecker.checks)."
        columns={[
          { title: 'Check', field: 'name' },
          { title: 'Result', render: row => <Outcome passed={row.passed} /> },
          { title: 'What it asks', field: 'description' },
        ]}
        data={(value ?? []).map(row => ({ ...row }))}
      />
    );
  return (
    <InfoCard
      title="Encryption scorecard"
      subheader="Tech Insights checks on the latest fleet scan; a check whose fact is not known yet has not run"
    >
      {content}
    </InfoCard>
  );
}
