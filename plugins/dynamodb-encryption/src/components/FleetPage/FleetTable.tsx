import { Table } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  FleetRow,
  FleetSummary,
} from '@dynamodb-encryption/backstage-plugin-common';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { useLiveAsync } from '../../hooks/useLiveAsync';
import { fleetColumns, WIDE_FLEET_TABLE } from './columns';
import { FleetFilters } from './FleetFilters';
import { RowDetails } from './RowDetails';
import { PAGE_SIZES, useFleetQuery } from './useFleetQuery';

/**
 * The scanned tables, filtered, sorted and paged by the backend, so it stays fast at any fleet size. One
 * line per table, as many columns as the screen has room for; a row opens to show the rest and its
 * findings in full.
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
  // Read before the first paint, so a wide screen does not draw the narrow table first.
  const wide = useMediaQuery(WIDE_FLEET_TABLE, { noSsr: true });
  // New filters or another page load with the table's spinner; a fleet change re-reads the page quietly.
  const { value, loading, error } = useLiveAsync(
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
    wide,
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
        // Each row's id is its ARN, so the table keeps a row's open details across a live re-read.
        data={(value?.items ?? []).map(row => ({ ...row, id: row.table.arn }))}
        page={page}
        totalCount={value?.total ?? 0}
        onPageChange={setPage}
        onRowsPerPageChange={setPageSize}
        detailPanel={({ rowData }) => (
          <RowDetails row={rowData} accounts={summary?.accounts} />
        )}
        onRowClick={(_event, _row, togglePanel) => togglePanel?.()}
      />
    </div>
  );
}
