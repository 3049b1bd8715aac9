import { complianceOf } from './controlResults';
import type { ControlResultKind } from './controlEvidence';
import { complianceControl } from './controls';
import type { FleetRow } from './fleet';

/**
 * One table and one control, as the auditor's export (`GET /fleet/compliance.csv|json`) gives it: the
 * standard's identifier and title, the result with its evidence, and where the evidence came from.
 *
 * @public
 */
export interface ComplianceExportLine {
  tableArn: string;
  accountId: string;
  region: string;
  table: string;
  owner?: string;
  framework: string;
  controlId: string;
  title: string;
  result: ControlResultKind;
  evidence: string;
  /** Where the standard publishes the control. */
  reference?: string;
  /** When AWS was read for this row: its scan's time, or, for a row kept from an earlier scan, that time. */
  readAt?: string;
  /** The scan that read the row. */
  scanId?: number;
  /** True when the row's account or region could not be read by the latest scan (kept from an earlier one). */
  stale: boolean;
}

/**
 * The scan a fleet listing was served from, with the time it read AWS (its finish, as the store counts a
 * kept row's last read).
 *
 * @public
 */
export interface ComplianceSnapshot {
  id: number;
  readAt?: string;
}

/**
 * A fleet row's export lines, one per control its assessment gives. A row kept from an earlier scan says
 * when it was last read (`stale.since`) and that scan's id, not the snapshot's.
 *
 * @public
 */
export function complianceExportLines(
  row: FleetRow,
  snapshot?: ComplianceSnapshot,
): ComplianceExportLine[] {
  const scanId = row.context?.scanId ?? snapshot?.id;
  const readAt =
    row.stale?.since ??
    (snapshot && scanId === snapshot.id ? snapshot.readAt : undefined);
  return complianceOf(row).map(c => ({
    tableArn: row.table.arn,
    accountId: row.table.accountId,
    region: row.table.region,
    table: row.table.name,
    owner: row.owner,
    framework: c.framework,
    controlId: c.controlId,
    title: c.title,
    result: c.result,
    evidence: c.evidence,
    reference: complianceControl(c.id)?.reference,
    readAt,
    scanId,
    stale: !!row.stale,
  }));
}
