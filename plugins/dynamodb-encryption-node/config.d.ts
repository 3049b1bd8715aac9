export interface Config {
  /** How the DynamoDB encryption packages reach AWS (read by `-node`'s client factory). */
  dynamodbEncryption?: {
    /**
     * An endpoint that replaces every AWS endpoint the plugin calls (DynamoDB, KMS, Tagging, Organizations).
     * Only for the local sandbox (the moto server). Credentials take the same path as in production
     * (`aws.mainAccount`, `aws.accounts`, `aws.accountDefaults` through `@backstage/integration-aws-node`,
     * roles assumed with STS); the sandbox sends STS to itself with the AWS SDK's standard
     * `AWS_ENDPOINT_URL_STS` environment variable. Leave unset for real AWS.
     */
    awsEndpoint?: string;
    /**
     * Timeout of each AWS call, in milliseconds. Defaults to 10000.
     */
    awsTimeoutMs?: number;
  };
}
