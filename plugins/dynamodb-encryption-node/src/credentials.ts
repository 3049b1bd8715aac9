import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@aws-sdk/types';

/** Credentials are renewed at most this long before they expire (less for sessions shorter than 20 minutes). */
export const RENEW_BEFORE_MS = 5 * 60_000;
/** After a failed renewal, while the current credentials still hold, the next try waits this long. */
const RETRY_AFTER_MS = 30_000;

/** What a renewal failure tells whoever watches the process. */
export type RenewalFailureListener = (error: Error, expiresAt: Date) => void;

/**
 * Credentials that renew themselves for the life of the process: one identity shared by every client of an
 * account (the SDK memoises per client, which would assume the same role once per service and region),
 * renewed before it expires. The renewal margin is `RENEW_BEFORE_MS`, or a quarter of the session's
 * lifetime for short sessions, so a renewed identity is never treated as already expiring.
 *
 * A renewal that fails while the current identity still holds keeps that identity, reports the failure and
 * tries again later; once it has expired, the real error is thrown to the caller.
 */
export function renewingCredentials(
  provider: AwsCredentialIdentityProvider,
  options: {
    now?: () => number;
    onRenewalFailure?: RenewalFailureListener;
  } = {},
): AwsCredentialIdentityProvider {
  const now = options.now ?? Date.now;
  let current: AwsCredentialIdentity | undefined;
  let renewAt = 0;
  let pending: Promise<AwsCredentialIdentity> | undefined;

  const renew = () =>
    provider()
      .then(identity => {
        const expiresAt = identity.expiration?.getTime();
        const lifetime = expiresAt === undefined ? 0 : expiresAt - now();
        current = identity;
        renewAt =
          expiresAt === undefined
            ? Infinity
            : expiresAt - Math.min(RENEW_BEFORE_MS, Math.max(lifetime, 0) / 4);
        return identity;
      })
      .catch((error: Error) => {
        const expiresAt = current?.expiration?.getTime();
        if (current && expiresAt !== undefined && now() < expiresAt) {
          options.onRenewalFailure?.(error, new Date(expiresAt));
          renewAt = Math.min(now() + RETRY_AFTER_MS, expiresAt);
          return current;
        }
        throw error;
      })
      .finally(() => {
        pending = undefined;
      });

  return async () => {
    if (current && now() < renewAt) return current;
    pending ??= renew();
    return pending;
  };
}

/**
 * A role assumed with STS from the main account's credentials, through one STS client built once: whatever
 * instrumentation the caller adds to that client is added once, never again on renewal (the SDK's
 * `fromTemporaryCredentials` applies its `clientPlugins` on every call, so a renewal would add a middleware
 * twice and fail). Errors are AWS's own, unchanged.
 */
export function assumeRoleProvider(
  sts: () => STSClient,
  params: { roleArn: string; sessionName: string; durationSeconds?: number },
): AwsCredentialIdentityProvider {
  return async () => {
    const { Credentials } = await sts().send(
      new AssumeRoleCommand({
        RoleArn: params.roleArn,
        RoleSessionName: params.sessionName,
        DurationSeconds: params.durationSeconds,
      }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
      throw new Error(
        `STS AssumeRole returned no credentials for ${params.roleArn}`,
      );
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  };
}
