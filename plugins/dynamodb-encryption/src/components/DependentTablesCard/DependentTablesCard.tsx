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
  rotationLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { useLiveAsync } from '../../hooks/useLiveAsync';
import { ReportSkeleton } from '../EncryptionCard/EncryptionCard';
import { keyName } from '../FleetPage/format';

/**
 * Card for Components and Systems: the DynamoDB tables they depend on, with key type, key, rotation and
 * estimated monthly KMS cost, so a service owner sees the bill of the tables behind the service.
 *
 * @public
 */
export function DependentTablesCard() {
  const { entity } = useEntity();
  const api = useApi(dynamoDbEncryptionApiRef);
  const { value, loading, error } = useLiveAsync(
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
          {
            title: 'Key',
            render: row => (
              <span title={row.aliases?.join(', ')}>
                {row.keyType === 'AWS_OWNED' ? '—' : keyName(row)}
              </span>
            ),
          },
          {
            title: 'Rotation',
            render: row =>
              row.keyType
                ? rotationLabel(
                    { keyType: row.keyType, rotation: row.rotation },
                    { compact: true },
                  )
                : '—',
          },
          {
            title: 'USD / month',
            align: 'right',
            render: row =>
              row.monthlyUsd === undefined
                ? '—'
                : `$${row.monthlyUsd.toFixed(2)}`,
          },
          { title: 'Findings', field: 'findings' },
        ]}
        data={(value ?? []).map(row => ({ ...row }))}
      />
    );
  const total = (value ?? []).reduce((sum, t) => sum + (t.monthlyUsd ?? 0), 0);
  // Tables without a figure (key type or table not readable) are not in the total, and it says so.
  const unpriced = (value ?? []).filter(t => t.monthlyUsd === undefined).length;
  return (
    <InfoCard
      title="DynamoDB tables"
      subheader={
        value?.length
          ? `Estimated KMS cost of these tables: $${total.toFixed(
              2,
            )} per month${
              unpriced
                ? ` (${unpriced} of ${value.length} unknown, not included)`
                : ''
            }`
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
