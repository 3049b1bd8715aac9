import {
  AccountErrorCause,
  EVENT_QUEUE_ACTIONS,
} from '@dynamodb-encryption/backstage-plugin-common';

// Where the project documents the IAM the scan needs (the role in each account and the portal's own rights).
const IAM_DOCS =
  'the IAM table under "An AWS Organization" in the project\'s docs/production.md';

/**
 * What to do about an AWS error, by what it says about its cause (IAM advice only for errors about IAM):
 * `iam` is what the reader was refused and what to grant; `retry` says what happens next.
 */
function adviceByCause(what: {
  iam: string;
  retry: string;
}): Record<AccountErrorCause, string> {
  return {
    iam: `${what.iam} ${what.retry}`,
    credentials:
      "AWS did not accept the portal's own credentials (aws.mainAccount, or the account's entry in " +
      `aws.accounts): they are invalid, expired or wrongly signed. Check where the portal gets them. ${what.retry}`,
    unavailable: `AWS did not answer in time, or throttled the portal: nothing to change in IAM. ${what.retry}`,
    portal:
      'This is a fault of the portal, not of IAM or AWS: the error is shown as it came. Report it to the ' +
      `portal's maintainers. ${what.retry}`,
  };
}

/** Advice for an account the scan could not reach. */
export const SCAN_ADVICE = adviceByCause({
  iam:
    'The scan reaches each account by assuming a role there. That role must exist in the account and trust ' +
    "the portal's main account for sts:AssumeRole, and the portal's own credentials must be allowed " +
    `sts:AssumeRole on it; the actions the role needs are in ${IAM_DOCS}.`,
  retry: 'The next scan tries these accounts again.',
});

/** The actions the portal needs on the event queue (`dynamodbEncryption.events`). */
export const QUEUE_ACTIONS = EVENT_QUEUE_ACTIONS;

/** Advice for an event queue the portal cannot read. */
export const QUEUE_ADVICE = adviceByCause({
  iam:
    `Grant ${QUEUE_ACTIONS.join(
      ', ',
    )} on the queue to the role the portal uses in the queue's account ` +
    "(and kms:Decrypt on the key, if a customer managed key encrypts the queue); the queue's policy must " +
    'not deny them.',
  retry:
    'The portal keeps trying the queue; scans go on meanwhile, and the fleet is as fresh as the last one.',
});

/** A panel's severity: an error when the portal itself failed, else a warning. */
export function adviceSeverity(
  causes: AccountErrorCause[],
): 'error' | 'warning' {
  return causes.includes('portal') ? 'error' : 'warning';
}
