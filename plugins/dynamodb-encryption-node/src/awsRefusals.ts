import { AwsRefusal } from '@dynamodb-encryption/backstage-plugin-common';
import { AwsTarget } from './awsClients';
import { isAccessDenied, isNotFound, mapAwsError } from './awsErrors';

/** An AWS error as a recorded refusal when it is "access denied" or "not found"; otherwise undefined. */
export function refusal(
  action: string,
  error: unknown,
  caller: AwsTarget,
  resource: string,
): AwsRefusal | undefined {
  const reason = isAccessDenied(error)
    ? 'access-denied'
    : isNotFound(error) && 'not-found';
  if (!reason) return undefined;
  return {
    action,
    reason,
    resource,
    callerAccountId: caller.accountId,
    message: error instanceof Error ? error.message : undefined,
  };
}

/**
 * Calls AWS, turning "access denied" and "not found" into a recorded refusal (so the assessment can say
 * what it could not see) and every other AWS error into the HTTP error it deserves.
 */
export function refusalRecorder(
  refusals: AwsRefusal[],
  caller: AwsTarget,
  resource: string,
) {
  return async <T>(
    action: string,
    call: () => Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await call();
    } catch (e) {
      const refused = refusal(action, e, caller, resource);
      if (!refused) throw mapAwsError(e, { ...caller, resource });
      refusals.push(refused);
      return undefined;
    }
  };
}
