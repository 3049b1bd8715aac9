// The words every evidence rule uses; internal to the catalogue (not exported from the package).
import type { ControlEvidence } from './controlEvidence';
import type { EncryptionFacts } from './report';

export const present = (evidence: string): ControlEvidence => ({
  result: 'evidence-present',
  evidence,
});
export const missing = (evidence: string): ControlEvidence => ({
  result: 'evidence-missing',
  evidence,
});
export const unknown = (evidence: string): ControlEvidence => ({
  result: 'unknown',
  evidence,
});

export const keyName = (f: EncryptionFacts) =>
  f.aliases[0] ?? f.kmsKeyArn ?? 'whose ARN was not read';

/** Why something was not read: AWS's refusal when there was one. */
export const because = (f: EncryptionFacts) =>
  f.undetermined ? ` (${f.undetermined.reason})` : '';

export const unknownKeyType = (f: EncryptionFacts) =>
  unknown(
    `What protects the table is unknown${because(f) || ' (AWS did not say)'}`,
  );
