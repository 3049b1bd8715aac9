import {
  FleetTablesQuery,
  OBSERVED_KEY_TYPES,
  SEVERITIES,
} from '@dynamodb-encryption/backstage-plugin-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Page sizes offered under the table. */
export const PAGE_SIZES = [25, 50, 100];

/** The filters of the fleet table, without paging. */
export type FleetFilters = Omit<FleetTablesQuery, 'cursor' | 'limit'>;

const TEXT_FILTERS = ['accountId', 'region', 'owner', 'finding', 'kmsKeyArn'];
const CHOICES: Record<string, readonly string[]> = {
  keyType: OBSERVED_KEY_TYPES,
  severity: SEVERITIES,
  rotation: ['enabled', 'disabled'],
  sort: ['name', 'cost', 'severity'],
};

/** Filters from a URL query; unknown values are dropped, so a hand-edited link never breaks the page. */
export function filtersFromParams(params: URLSearchParams): FleetFilters {
  const filters: Record<string, string> = {};
  for (const key of TEXT_FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  for (const [key, allowed] of Object.entries(CHOICES)) {
    const value = params.get(key);
    if (value && allowed.includes(value)) filters[key] = value;
  }
  return { sort: 'severity', ...filters } as FleetFilters;
}

/** A link's query for the fleet table with these filters (the tiles and chart bars use it). */
export function fleetSearch(filters: FleetFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, String(v));
  return `?${params}`;
}

/**
 * The fleet table's filters, sort, page and page size, kept in the page's URL so a filtered view can be
 * shared and survives a reload.
 */
export function useFleetQuery() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize')))
    ? Number(params.get('pageSize'))
    : 50;
  const page = Math.max(0, Math.floor(Number(params.get('page')) || 0));

  const update = useCallback(
    (patch: Record<string, string | number | undefined>) =>
      setParams(
        current => {
          const next = new URLSearchParams(current);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return {
    filters,
    page,
    pageSize,
    /** Changes filters or sort; back to the first page, since the old page may no longer exist. */
    setFilters: (patch: Partial<Record<keyof FleetFilters, string>>) =>
      update({ ...patch, page: undefined }),
    setPage: (p: number) => update({ page: p || undefined }),
    setPageSize: (size: number) => update({ pageSize: size, page: undefined }),
  };
}
