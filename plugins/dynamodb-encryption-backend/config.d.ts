export interface Config {
  /** Configuration of the DynamoDB encryption plugin. */
  dynamodbEncryption?: {
    /**
     * An endpoint that replaces every AWS endpoint (DynamoDB, KMS). Only for the local sandbox (the moto
     * server): when set, requests carry fixed sandbox credentials and select the account with moto's
     * `x-moto-account-id` header. Leave unset for real AWS, where credentials come from `aws.accounts`
     * through `@backstage/integration-aws-node`.
     */
    awsEndpoint?: string;
    /**
     * Timeout of each AWS call, in milliseconds. Defaults to 10000.
     */
    awsTimeoutMs?: number;
  };
}
