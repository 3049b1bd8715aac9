import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
]);
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
]);

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

/**
 * True when AWS refused the call for lack of permission.
 *
 * @public
 */
export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(errorName(error));
}

/**
 * True when AWS says the resource does not exist.
 *
 * @public
 */
export function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  return name === 'ResourceNotFoundException' || name === 'NotFoundException';
}

/**
 * Maps an AWS SDK error to the error the HTTP layer should answer with. Errors that are not AWS's
 * (programming errors) pass through unchanged.
 */
export function mapAwsError(
  error: unknown,
  what: { accountId: string; region: string; resource: string },
): Error {
  const name = errorName(error);
  if (isNotFound(error)) {
    return new NotFoundError(
      `${what.resource} not found in ${what.accountId}/${what.region}`,
    );
  }
  if (THROTTLING.has(name)) {
    return new ServiceUnavailableError(
      `AWS is throttling requests in ${what.accountId}/${what.region}; try again in a minute`,
    );
  }
  if (
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    (error as { code?: string })?.code === 'ECONNREFUSED' ||
    (error as { $metadata?: { httpStatusCode?: number } })?.$metadata
      ?.httpStatusCode === 503
  ) {
    return new ServiceUnavailableError(
      `AWS did not answer for ${what.accountId}/${what.region} (${
        name || 'connection failed'
      }); try again later`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
