export interface Config {
  /** The DynamoDB encryption scaffolder actions. */
  dynamodbEncryption?: {
    /** The account new tables go to when a form or action names none (12 digits). */
    defaultAccountId?: string;
    scaffolder?: {
      /** What a key without automatic rotation does to `dynamodb:kms-key:verify`: warn (default) or fail. */
      rotation?: 'warn' | 'fail';
    };
    /**
     * The sandbox's local GitOps repository, where `dynamodb:gitops:commit-local` publishes. Production
     * templates publish with `publish:github:pull-request` and leave this unset.
     */
    localGitops?: {
      /** The repository folder (created and `git init`-ed when missing). */
      directory: string;
      /** Where the folder is served over HTTP, so the catalog and the UrlReader can read what was published. */
      baseUrl?: string;
    };
  };
}
