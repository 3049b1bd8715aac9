import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  FinalizeRequestMiddleware,
  AwsCredentialIdentityProvider,
  BuildMiddleware,
  MiddlewareStack,
} from '@aws-sdk/types';

/** Where and as whom to call AWS for one account and region. */
export interface AwsTarget {
  accountId: string;
  region: string;
}

/** Creates AWS SDK clients for an account and region. */
export interface AwsClientFactory {
  dynamodb(target: AwsTarget): Promise<DynamoDBClient>;
  kms(target: AwsTarget): Promise<KMSClient>;
  tagging(target: AwsTarget): Promise<ResourceGroupsTaggingAPIClient>;
  /** HTTP requests these clients sent to AWS so far (every attempt, retries included). */
  requestCount(): number;
  /** Whether the portal has credentials of its own for the account (`aws.accounts`, or the sandbox). */
  hasAccount(accountId: string): boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** moto selects the account from this header; real AWS derives it from the credentials. */
function sandboxAccountHeader(accountId: string): BuildMiddleware<any, any> {
  return next => async args => {
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) request.headers['x-moto-account-id'] = accountId;
    return next(args);
  };
}

/**
 * Builds clients from config: real AWS through `aws.accounts` (role assumption per account), or the sandbox
 * named by `dynamodbEncryption.awsEndpoint`.
 */
export function createAwsClientFactory(config: Config): AwsClientFactory {
  const endpoint = config.getOptionalString('dynamodbEncryption.awsEndpoint');
  const timeoutMs =
    config.getOptionalNumber('dynamodbEncryption.awsTimeoutMs') ??
    DEFAULT_TIMEOUT_MS;
  const credentialsManager = endpoint
    ? undefined
    : DefaultAwsCredentialsManager.fromConfig(config);
  type Client = DynamoDBClient | KMSClient | ResourceGroupsTaggingAPIClient;
  const cache = new Map<string, Promise<Client>>();
  let requests = 0;
  // Counted on the wire side of the SDK (after retries are decided), not by the code that calls AWS.
  const countRequests: FinalizeRequestMiddleware<any, any> =
    next => async args => {
      requests++;
      return next(args);
    };

  async function credentialsFor(
    accountId: string,
  ): Promise<AwsCredentialIdentityProvider> {
    if (!credentialsManager) {
      return async () => ({
        accessKeyId: 'sandbox',
        secretAccessKey: 'sandbox',
      });
    }
    const { sdkCredentialProvider } =
      await credentialsManager.getCredentialProvider({ accountId });
    return sdkCredentialProvider;
  }

  function build<T extends Client>(
    kind: string,
    target: AwsTarget,
    Ctor: new (cfg: any) => T,
  ): Promise<T> {
    const key = `${kind}:${target.accountId}:${target.region}`;
    let client = cache.get(key);
    if (!client) {
      client = credentialsFor(target.accountId).then(credentials => {
        const c = new Ctor({
          region: target.region,
          credentials,
          endpoint,
          retryMode: 'adaptive',
          maxAttempts: 3,
          requestHandler: {
            requestTimeout: timeoutMs,
            connectionTimeout: timeoutMs,
          },
        });
        (c.middlewareStack as MiddlewareStack<any, any>).add(countRequests, {
          step: 'finalizeRequest',
          name: 'dynamoDbEncryptionRequestCounter',
        });
        if (endpoint) {
          (c.middlewareStack as MiddlewareStack<any, any>).add(
            sandboxAccountHeader(target.accountId),
            {
              step: 'build',
              name: 'sandboxAccountHeader',
            },
          );
        }
        return c;
      });
      client.catch(() => cache.delete(key));
      cache.set(key, client);
    }
    return client as Promise<T>;
  }

  const configured = new Set(
    (config.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
      a.getString('accountId'),
    ),
  );

  return {
    requestCount: () => requests,
    hasAccount: accountId => !!endpoint || configured.has(accountId),
    dynamodb: target => build('dynamodb', target, DynamoDBClient),
    kms: target => build('kms', target, KMSClient),
    tagging: target => build('tagging', target, ResourceGroupsTaggingAPIClient),
  };
}
