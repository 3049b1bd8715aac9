import { Table } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  FleetRow,
  FleetSummary,
} from '@dynamodb-encryption/backstage-plugin-common';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { fleetColumns } from './columns';
import { FleetFilters } from './FleetFilters';
import { RowDetails } from './RowDetails';
import { PAGE_SIZES, useFleetQuery } from './useFleetQuery';

/**
 * The scanned tables, filtered, sorted and paged by the backend, so it stays fast at any fleet size. One
 * line per table; a row opens to show its findings in full.
 */
export function FleetTable({
  refreshKey,
  summary,
}: {
  refreshKey: number;
  summary?: FleetSummary;
}) {
  const api = useApi(dynamoDbEncryptionApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { filters, page, pageSize, setPage, setPageSize } = useFleetQuery();
  const { value, loading, error } = useAsync(
    () =>
      api.listFleetTables({
        ...filters,
        cursor: page * pageSize,
        limit: pageSize,
      }),
    [api, JSON.stringify(filters), page, pageSize, refreshKey],
  );
  const columns = fleetColumns({
    accounts: summary?.accounts,
    entityLink: ref => {
      const { kind, namespace, name } = parseEntityRef(ref);
      return entityRoute({ kind, namespace, name });
    },
  });
  return (
    <div id="fleet-tables">
      <FleetFilters summary={summary} total={value?.total ?? 0} />
      <Table<FleetRow>
        title={value ? `Tables (${value.total})` : 'Tables'}
        isLoading={loading}
        emptyContent={
          error
            ? `Could not load the tables: ${error.message}`
            : 'No scanned table matches.'
        }
        options={{
          search: false,
          paging: true,
          pageSize,
          pageSizeOptions: PAGE_SIZES,
          padding: 'dense',
          detailPanelType: 'single',
        }}
        columns={columns}
        data={value?.items ?? []}
        page={page}
        totalCount={value?.total ?? 0}
        onPageChange={setPage}
        onRowsPerPageChange={setPageSize}
        detailPanel={({ rowData }) => <RowDetails row={rowData} />}
        onRowClick={(_event, _row, togglePanel) => togglePanel?.()}
      />
    </div>
  );
}
