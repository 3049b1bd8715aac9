import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  FinalizeRequestMiddleware,
  MiddlewareStack,
} from '@aws-sdk/types';
import { LRUCache } from 'lru-cache';
import { AsyncLocalStorage } from 'node:async_hooks';
import { assumeRoleProvider, renewingCredentials } from './credentials';

/**
 * Where and as whom to call AWS for one account and region.
 *
 * @public
 */
export interface AwsTarget {
  accountId: string;
  region: string;
  /**
   * A role to assume in the account with the main account's credentials, for accounts that `aws.accounts`
   * does not list (an organization's accounts). An account listed there always uses its own entry.
   */
  roleName?: string;
}

/**
 * Creates AWS SDK clients for an account and region.
 *
 * @public
 */
export interface AwsClientFactory {
  dynamodb(target: AwsTarget): Promise<DynamoDBClient>;
  kms(target: AwsTarget): Promise<KMSClient>;
  tagging(target: AwsTarget): Promise<ResourceGroupsTaggingAPIClient>;
  /**
   * SQS in the target account (the events queue). Its requests may wait `longPollSeconds` for messages, so
   * its timeout is that much longer than the other clients'.
   */
  sqs(target: AwsTarget, longPollSeconds?: number): Promise<SQSClient>;
  /** AWS Organizations, called with the main account's credentials (`aws.mainAccount`). */
  organizations(): Promise<OrganizationsClient>;
  /**
   * Resolves the account's credentials now (assuming its role once; every client of the account shares
   * the result), so a role that cannot be assumed is known before any other call.
   */
  credentials(target: AwsTarget): Promise<AwsCredentialIdentity>;
  /**
   * HTTP requests these clients sent to AWS so far (every attempt, retries included), with the AssumeRole
   * calls of roles named by a target (`roleName`); the STS calls integration-aws-node makes for
   * `aws.accounts` roles happen inside that library and are not counted.
   */
  requestCount(): number;
  /**
   * Runs `work` and counts the requests it sends (and only those: other callers of the same clients, such as
   * reports served meanwhile, are not in its figure), by the same middleware as `requestCount`.
   */
  countRequestsOf<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; requests: number }>;
  /** Whether the portal has credentials of its own for the account (`aws.accounts` or `aws.accountDefaults`). */
  hasAccount(accountId: string): boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * AWS SDK clients kept at most (about three per account-region in use): enough for every account-region a
 * scan reads at once and the reports between scans, bounded however many accounts the estate has.
 */
export const MAX_CACHED_CLIENTS = 512;
/** What AWS calls the session in CloudTrail when the portal assumes an organization role. */
const ROLE_SESSION_NAME = 'backstage-dynamodb-encryption';
const COUNTER_NAME = 'dynamoDbEncryptionRequestCounter';

/**
 * How the factory tells time and reports what it cannot do on its own (tests move the clock).
 *
 * @public
 */
export interface AwsClientFactoryOptions {
  /** Reports a credential renewal that failed while the current credentials still held. */
  logger?: LoggerService;
  /** The clock credentials are renewed by. Default `Date.now`. */
  now?: () => number;
}

/**
 * Builds clients from config: credentials per account through `@backstage/integration-aws-node`
 * (`aws.mainAccount`, `aws.accounts`, `aws.accountDefaults`; roles assumed with STS), or for an
 * organization's accounts the target's role assumed from the main account. `dynamodbEncryption.awsEndpoint`
 * only redirects the requests (the sandbox); the credential path is the same.
 *
 * @public
 */
export function createAwsClientFactory(
  config: Config,
  options: AwsClientFactoryOptions = {},
): AwsClientFactory {
  const endpoint = config.getOptionalString('dynamodbEncryption.awsEndpoint');
  const timeoutMs =
    config.getOptionalNumber('dynamodbEncryption.awsTimeoutMs') ??
    DEFAULT_TIMEOUT_MS;
  const manager = DefaultAwsCredentialsManager.fromConfig(config);
  const partition = config.getOptionalString('aws.accountDefaults.partition');
  const stsRegion =
    config.getOptionalString('aws.mainAccount.region') ?? 'us-east-1';
  const configured = new Set(
    (config.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
      a.getString('accountId'),
    ),
  );
  const anyAccount = config.has('aws.accountDefaults.roleName');
  // Without aws.accountDefaults, an organization fleet target's role is how every reader (the per-table
  // report and the key picker too, not only the scan) reaches an account aws.accounts does not list.
  const organization = (
    config.getOptionalConfigArray('dynamodbEncryption.fleet.targets') ?? []
  ).find(t => t.has('organization'));
  const organizationRole = anyAccount
    ? undefined
    : organization?.getString('organization.roleName');
  const sessionDurationSeconds = organization?.getOptionalNumber(
    'organization.sessionDurationSeconds',
  );

  type Client =
    | DynamoDBClient
    | KMSClient
    | ResourceGroupsTaggingAPIClient
    | SQSClient
    | OrganizationsClient;
  // One client per kind, account, role and region, the most recently used kept: across an estate of
  // hundreds of accounts the scan would otherwise keep thousands (each with its own HTTP agent) for the
  // life of the process. An evicted client is dropped, not destroyed: a scan may still be using it, and it
  // is collected once unused.
  const clientCache = new LRUCache<string, Promise<Client>>({
    max: MAX_CACHED_CLIENTS,
  });
  const credentialCache = new Map<
    string,
    Promise<AwsCredentialIdentityProvider>
  >();
  let requests = 0;
  // The work a caller asked to count (countRequestsOf), carried through its awaits.
  const counted = new AsyncLocalStorage<{ requests: number }>();
  // Counted on the wire side of the SDK (after retries are decided), not by the code that calls AWS.
  const countRequests: FinalizeRequestMiddleware<any, any> =
    next => async args => {
      requests++;
      const scope = counted.getStore();
      if (scope) scope.requests++;
      return next(args);
    };

  const renewing = (provider: AwsCredentialIdentityProvider, who: string) =>
    renewingCredentials(provider, {
      now: options.now,
      onRenewalFailure: (error, expiresAt) =>
        options.logger?.warn(
          'AWS credentials could not be renewed; the current ones are used until they expire',
          {
            credentials: who,
            expiresAt: expiresAt.toISOString(),
            error: `${error.name}: ${error.message}`,
          },
        ),
    });

  // The organization path's STS client: built once, with the request counter added once, so renewals
  // (AssumeRole again, for the life of the process) never touch its middleware.
  let sts: STSClient | undefined;
  const stsClient = (main: AwsCredentialIdentityProvider) => {
    if (!sts) {
      sts = new STSClient({ region: stsRegion, credentials: main });
      sts.middlewareStack.add(countRequests, {
        step: 'finalizeRequest',
        name: COUNTER_NAME,
      });
    }
    return sts;
  };

  function providerFor(
    accountId: string | undefined,
    roleName?: string,
  ): Promise<AwsCredentialIdentityProvider> {
    const role = roleName ?? organizationRole;
    const useRole = accountId && role && !configured.has(accountId);
    const key = `${accountId ?? 'main'}:${useRole ? role : ''}`;
    let provider = credentialCache.get(key);
    if (!provider) {
      provider = (async () => {
        if (!useRole) {
          const found = await manager.getCredentialProvider(
            accountId ? { accountId } : undefined,
          );
          return renewing(found.sdkCredentialProvider, accountId ?? 'main');
        }
        const main = await providerFor(undefined);
        const roleArn = `arn:${
          partition ?? 'aws'
        }:iam::${accountId}:role/${role}`;
        return renewing(
          assumeRoleProvider(() => stsClient(main), {
            roleArn,
            sessionName: ROLE_SESSION_NAME,
            durationSeconds: sessionDurationSeconds,
          }),
          roleArn,
        );
      })();
      provider.catch(() => credentialCache.delete(key));
      credentialCache.set(key, provider);
    }
    return provider;
  }

  function build<T extends Client>(
    kind: string,
    target: AwsTarget | undefined,
    Ctor: new (cfg: any) => T,
    extraTimeoutMs = 0,
  ): Promise<T> {
    const region = target?.region ?? stsRegion;
    const key = `${kind}:${extraTimeoutMs}:${target?.accountId ?? 'main'}:${
      target?.roleName ?? ''
    }:${region}`;
    let client = clientCache.get(key);
    if (!client) {
      client = providerFor(target?.accountId, target?.roleName).then(
        credentials => {
          const c = new Ctor({
            region,
            credentials,
            endpoint,
            retryMode: 'adaptive',
            maxAttempts: 3,
            requestHandler: {
              requestTimeout: timeoutMs + extraTimeoutMs,
              connectionTimeout: timeoutMs,
            },
          });
          (c.middlewareStack as MiddlewareStack<any, any>).add(countRequests, {
            step: 'finalizeRequest',
            name: COUNTER_NAME,
          });
          return c;
        },
      );
      client.catch(() => clientCache.delete(key));
      clientCache.set(key, client);
    }
    return client as Promise<T>;
  }

  return {
    requestCount: () => requests,
    async countRequestsOf(work) {
      const scope = { requests: 0 };
      const result = await counted.run(scope, work);
      return { result, requests: scope.requests };
    },
    hasAccount: accountId =>
      anyAccount || !!organizationRole || configured.has(accountId),
    credentials: async target =>
      (await providerFor(target.accountId, target.roleName))(),
    dynamodb: target => build('dynamodb', target, DynamoDBClient),
    kms: target => build('kms', target, KMSClient),
    tagging: target => build('tagging', target, ResourceGroupsTaggingAPIClient),
    sqs: (target, longPollSeconds = 0) =>
      build('sqs', target, SQSClient, longPollSeconds * 1000),
    organizations: () => build('organizations', undefined, OrganizationsClient),
  };
}
