/**
 * Why an account could not be reached, as far as the error tells: the advice a reader gets depends on it.
 * - `iam`: AWS refused the role (AccessDenied on AssumeRole, a role that does not exist or does not trust
 *   the portal): fix the role, its trust or the portal's `sts:AssumeRole` right.
 * - `credentials`: AWS did not accept the portal's own credentials (invalid, expired, wrong signature).
 * - `unavailable`: AWS or the network did not answer in time, or throttled: the next scan tries again.
 * - `portal`: anything else, a fault of the portal itself, to be reported with its message.
 *
 * @public
 */
export type AccountErrorCause =
  | 'iam'
  | 'credentials'
  | 'unavailable'
  | 'portal';

const IAM = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'RegionDisabledException',
]);
const CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'CredentialsProviderError',
]);
const UNAVAILABLE = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES =
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up)\b/;

/**
 * Classifies an error met while reaching an account, by the AWS error name (and the Node network codes),
 * never by guessing from the account: only `iam` gets IAM advice.
 *
 * @public
 */
export function accountErrorCause(error: {
  name?: string;
  message?: string;
  code?: string;
}): AccountErrorCause {
  const name = error.name ?? '';
  if (IAM.has(name)) return 'iam';
  if (CREDENTIALS.has(name)) return 'credentials';
  if (
    UNAVAILABLE.has(name) ||
    NETWORK_CODES.test(`${error.code ?? ''} ${error.message ?? ''}`)
  )
    return 'unavailable';
  return 'portal';
}
