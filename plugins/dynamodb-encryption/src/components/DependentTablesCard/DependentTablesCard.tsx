import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  DependentTable,
  KEY_TYPE_LABELS,
} from '@internal/plugin-dynamodb-encryption-common';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { ReportSkeleton } from '../EncryptionCard/EncryptionCard';

/**
 * Card for Components and Systems: the DynamoDB tables they depend on, with their key types.
 *
 * @public
 */
export function DependentTablesCard() {
  const { entity } = useEntity();
  const api = useApi(dynamoDbEncryptionApiRef);
  const { value, loading, error } = useAsync(
    () => api.getDependentTables(getCompoundEntityRef(entity)),
    [api, stringifyEntityRef(entity)],
  );
  let content;
  if (loading) content = <ReportSkeleton />;
  else if (error) content = <ResponseErrorPanel error={error} />;
  else
    content = (
      <Table<DependentTable>
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        emptyContent="This entity depends on no DynamoDB table in the catalog."
        columns={[
          {
            title: 'Table',
            render: row => (
              <EntityRefLink entityRef={row.entityRef} title={row.title} />
            ),
          },
          {
            title: 'Key type',
            render: row =>
              row.error ??
              (row.keyType ? KEY_TYPE_LABELS[row.keyType] : '—') +
                (row.keyState && row.keyState !== 'Enabled'
                  ? ` (${row.keyState})`
                  : ''),
          },
          { title: 'Alias', render: row => row.aliases?.join(', ') || '—' },
          { title: 'Findings', field: 'findings' },
        ]}
        data={(value ?? []).map(row => ({ ...row }))}
      />
    );
  return <InfoCard title="DynamoDB tables">{content}</InfoCard>;
}
