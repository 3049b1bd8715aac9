import {
  CONTROL_RESULTS,
  ControlEvidence,
  EvidenceSubject,
} from './controlEvidence';
import {
  COMPLIANCE_CONTROLS,
  ComplianceControl,
  ComplianceFramework,
} from './controls';
import type { EncryptionFacts, TableSummary } from './report';

/**
 * One control's result for one table, as the assessment attaches it (`compliance` on the report and the
 * fleet row): the standard's identifier and title, and evidence present, missing or unknown with why.
 *
 * @public
 */
export interface ControlResult extends ControlEvidence {
  /** The catalogue's id of the control (`COMPLIANCE_CONTROLS`). */
  id: string;
  framework: ComplianceFramework;
  controlId: string;
  title: string;
}

/**
 * The result of every control that applies to a table, in catalogue order.
 *
 * @public
 */
export function evaluateControls(
  table: TableSummary,
  encryption: EncryptionFacts,
  controls: readonly ComplianceControl[] = COMPLIANCE_CONTROLS,
): ControlResult[] {
  const subject: EvidenceSubject = { table, encryption };
  return controls
    .filter(c => !c.appliesTo || c.appliesTo(encryption))
    .map(c => ({
      id: c.id,
      framework: c.framework,
      controlId: c.controlId,
      title: c.title,
      ...c.evidence(subject),
    }));
}

function isControlResult(value: unknown): value is ControlResult {
  const v = value as Partial<ControlResult> | null;
  return (
    typeof v?.id === 'string' &&
    typeof v.controlId === 'string' &&
    (CONTROL_RESULTS as readonly unknown[]).includes(v.result)
  );
}

/**
 * A report's or fleet row's control results: as its assessment attached them, or, for one stored before
 * the assessment attached per-control results, derived from its facts by the same rules.
 *
 * @public
 */
export function complianceOf(subject: {
  table: TableSummary;
  encryption: EncryptionFacts;
  compliance?: readonly unknown[];
}): ControlResult[] {
  const stored = subject.compliance;
  if (stored?.length && stored.every(isControlResult)) return [...stored];
  return evaluateControls(subject.table, subject.encryption);
}
