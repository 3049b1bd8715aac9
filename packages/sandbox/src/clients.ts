import { ConfigReader } from '@backstage/config';
import {
  createAwsClientFactory,
  sandboxAwsConfig,
} from '@dynamodb-encryption/backstage-plugin-node';

const factories = new Map<string, ReturnType<typeof createAwsClientFactory>>();

/** The backend's own AWS clients, pointed at the sandbox (a role assumed in each account, as in production). */
export function sandboxClients(endpoint: string) {
  let factory = factories.get(endpoint);
  if (!factory) {
    factory = createAwsClientFactory(
      new ConfigReader(sandboxAwsConfig(endpoint)),
    );
    factories.set(endpoint, factory);
  }
  return factory;
}

/** The sandbox's main-account credentials (static, as `aws.mainAccount` gives the portal). */
export function sandboxMainCredentials(endpoint: string) {
  const main = new ConfigReader(sandboxAwsConfig(endpoint)).getConfig(
    'aws.mainAccount',
  );
  return {
    accessKeyId: main.getString('accessKeyId'),
    secretAccessKey: main.getString('secretAccessKey'),
  };
}
