import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the DynamoDB encryption plugin. */
  dynamodbEncryption?: {
    /** The account new tables go to when a form or action names none (12 digits). */
    defaultAccountId?: string;
    /**
     * Accounts (12 digits) trusted to use the portal's keys besides a key's own account and the account of the
     * table it protects: typically the organization's accounts. A key policy statement or grant letting any
     * other account use a key is a high finding.
     */
    trustedAccounts?: string[];
    /** Scaffolder actions. */
    /**
     * AWS tag keys that name a table's owner and system when no catalog entity declares the table: the
     * fleet rows' owner (a table with neither an entity nor an owner tag is "unowned") and the discovered
     * table entities of the catalog module.
     */
    tags?: {
      /** Tag whose value is the owner's entity reference (`group:default/team` or `team`). Default `owner`. */
      owner?: string;
      /** Tag whose value is the system's name. Default `system`. */
      system?: string;
    };
    /** The fleet dashboard's scan of every table. */
    fleet?: {
      /**
       * What to scan: an account with its regions (credentials from `aws.accounts`, or `aws.accountDefaults`),
       * or every ACTIVE account of the AWS Organization the main account manages (Organizations
       * ListAccounts with the `aws.mainAccount` credentials), each reached by assuming `roleName` in it and
       * shown under its name in the organization.
       * An account whose role cannot be assumed is reported on the scan (`unreachableAccounts`) and the
       * others are scanned. An account listed in `aws.accounts` is always reached through its own entry.
       */
      targets?: Array<
        | {
            accountId: string;
            /** What people call the account; the dashboard shows it, with the id on hover. */
            name?: string;
            regions: string[];
          }
        | {
            organization: {
              /** The role assumed in each account: `arn:aws:iam::<account>:role/<roleName>`. */
              roleName: string;
              /** Regions scanned in every account. */
              regions: string[];
              /** Accounts left out (for example the management account). */
              excludeAccounts?: string[];
              /**
               * How long each role session lasts, in seconds (STS AssumeRole `DurationSeconds`; AWS accepts
               * 900 up to the role's maximum session duration). Default 3600. Sessions are renewed five
               * minutes before they end (a quarter of a session shorter than 20 minutes), for the life of
               * the process; every reader of these accounts (scan, report, key picker) shares them.
               */
              sessionDurationSeconds?: number;
            };
          }
      >;
      /** When scans run (Backstage scheduler format). Default every 6 hours, 60 minutes timeout. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** DescribeTable/KMS calls in flight per account-region. Default 8. */
      concurrency?: number;
      /** Accounts scanned at the same time (each account has its own AWS quotas). Default 4. */
      accountConcurrency?: number;
      /** Complete scans kept for trends. Default 30. */
      retainScans?: number;
      /**
       * Policies evaluated on every row. `when.awsTags` matches the table's AWS tags (read with the Resource
       * Groups Tagging API, 100 tables a request), `when.entityTags` its catalog entity's tags. For example
       * `{ id: prod-rotated-cmk, title: Production tables need a rotated CMK, severity: high,
       *    when: { entityTags: [prod] }, require: { keyTypes: [CUSTOMER_MANAGED], rotation: true } }`.
       */
      policies?: Array<{
        id: string;
        title: string;
        severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
        when?: {
          accountIds?: string[];
          regions?: string[];
          awsTags?: { [key: string]: string };
          entityTags?: string[];
        };
        require: {
          keyTypes?: Array<'AWS_OWNED' | 'AWS_MANAGED' | 'CUSTOMER_MANAGED'>;
          rotation?: boolean;
          allowedKeyArns?: string[];
        };
      }>;
    };
    /**
     * AWS events that re-assess the tables they touch within a minute, between scans: an SQS queue receiving
     * EventBridge envelopes of CloudTrail's KMS and DynamoDB management events and of KMS's own events
     * (docs/events.md gives the rule's pattern, the organization set-up, the queue policy and the IAM
     * actions). Credentials come from integration-aws-node, as for every other call. Unset: no events, scans
     * only.
     */
    events?: {
      /** The queue's URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
      queueUrl: string;
      /** The queue's region. Default the one its URL names. */
      region?: string;
      /** The queue's account (12 digits). Default the one its URL names. */
      accountId?: string;
      /** Seconds a ReceiveMessage waits for messages (long polling, 0–20). Default 20. */
      waitTimeSeconds?: number;
      /**
       * Seconds a received message stays hidden from other consumers while it is applied; one not deleted by
       * then (its re-read failed) is received again, and after the queue's maxReceiveCount goes to its
       * dead-letter queue. Default 120.
       */
      visibilityTimeoutSeconds?: number;
      /**
       * Milliseconds the consumer keeps receiving before it applies what it has: a key's tables are read once
       * per batch, so a burst for one key or table within the window is one read (bench:events: 10 s takes a
       * 1,000-event storm to 1.16× the minimum reads, 2 s to 2.1×). A lone event is applied as soon as the
       * queue is empty. Default 10000.
       */
      batchWindowMs?: number;
    };
    /**
     * Backstage notifications when a table gains a critical or high finding, and when it clears (the same
     * notification, updated). Sent to the table's owner (its entity's owner, else its owner tag) and to
     * `recipients`. Needs `@backstage/plugin-notifications-backend` in the backend.
     */
    notifications?: {
      /** Set to false to send none. Default true. */
      enabled?: boolean;
      /** Entity refs told of every table's findings besides its owner, e.g. `group:default/platform-team`. */
      recipients?: string[];
    };
    /** How long AWS reads are reused. */
    cache?: {
      /** Seconds a table's report is served from the cache. Default 300. */
      ttlSeconds?: number;
      /** Seconds the last report is kept to serve, marked stale, while AWS is unavailable. Default 86400. */
      staleTtlSeconds?: number;
    };
    /**
     * KMS prices (defaults: aws.amazon.com/kms/pricing, 2024). Region differences are not built in: set
     * them here.
     */
    pricing?: {
      /** Monthly fee of a customer managed key. Default 1. */
      customerKeyMonthlyUsd?: number;
      /** Monthly fee added by each rotation, for the first `maxBilledRotations` rotations. Default 1. */
      rotationMonthlyUsd?: number;
      /** Rotations that add to the monthly fee. Default 2. */
      maxBilledRotations?: number;
      /** Price of 10,000 KMS requests. Default 0.03. */
      requestsPer10kUsd?: number;
      /** Free KMS requests per account and month. Default 20000. */
      freeRequestsPerMonth?: number;
    };
    /**
     * How DynamoDB's KMS requests are estimated: it caches each table key per caller and calls KMS again only
     * after `keyCacheMinutes` of inactivity.
     */
    costModel?: {
      /** Continuously active callers per table. Default 1. */
      activeCallersPerTable?: number;
      /** Minutes a cached table key lives. Default 5. */
      keyCacheMinutes?: number;
      /** Hours a day the callers are active. Default 24. */
      activeHoursPerDay?: number;
      /** Days per billed month. Default 30. */
      daysPerMonth?: number;
      /** Operations a day; when set, the no-caching upper bound (one request per operation) is shown too. */
      operationsPerDay?: number;
    };
  };
}
