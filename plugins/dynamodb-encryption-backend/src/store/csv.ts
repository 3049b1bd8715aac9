import {
  ComplianceExportLine,
  FleetRow,
  rotationLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import { stringify } from 'csv-stringify/sync';

/*
 * The CSV exports: fleet rows (GET /fleet/export.csv) and compliance lines (GET /fleet/compliance.csv), every
 * cell escaped for spreadsheets.
 */

const FLEET_COLUMNS = [
  'arn',
  'account',
  'region',
  'table',
  'keyType',
  'kmsKeyArn',
  'aliases',
  'keyState',
  'rotation',
  'monthlyUsd',
  'owner',
  'findings',
];

/** The fleet CSV's header line. */
export function fleetCsvHeader(): string {
  return stringify([FLEET_COLUMNS]);
}

/**
 * One CSV line of a fleet row, escaped for spreadsheets.
 */
export function fleetCsvLine(row: FleetRow): string {
  const e = row.encryption;
  const cells = [
    row.table.arn,
    row.table.accountId,
    row.table.region,
    row.table.name,
    e.keyType,
    e.kmsKeyArn,
    e.aliases.join(' '),
    e.keyState,
    rotationLabel(e),
    row.cost.monthlyUsd,
    row.owner,
    row.findings.map(f => f.id).join(' '),
  ];
  // escape_formulas: a cell starting with = + - @ would be a formula in a spreadsheet.
  return stringify([cells], { escape_formulas: true });
}

const COMPLIANCE_COLUMNS: (keyof ComplianceExportLine)[] = [
  'tableArn',
  'accountId',
  'region',
  'table',
  'owner',
  'framework',
  'controlId',
  'title',
  'result',
  'evidence',
  'reference',
  'readAt',
  'scanId',
  'stale',
];

/** The compliance CSV's header line. */
export function complianceCsvHeader(): string {
  return stringify([COMPLIANCE_COLUMNS]);
}

/**
 * Export lines as CSV, escaped for spreadsheets.
 */
export function complianceCsvLines(
  lines: readonly ComplianceExportLine[],
): string {
  if (!lines.length) return '';
  // escape_formulas: a cell starting with = + - @ would be a formula in a spreadsheet.
  return stringify(
    lines.map(l => COMPLIANCE_COLUMNS.map(k => l[k])),
    { escape_formulas: true, cast: { boolean: b => String(b) } },
  );
}
