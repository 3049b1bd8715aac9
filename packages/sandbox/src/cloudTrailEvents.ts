import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  DYNAMODB_EVENT_NAMES,
  KMS_EVENT_NAMES,
} from '@dynamodb-encryption/backstage-plugin-common';

/**
 * Who made a call, as CloudTrail's `userIdentity` records a role session (the sandbox's moves act through an
 * assumed role, as the portal does).
 */
export interface CallerRole {
  accountId: string;
  roleName: string;
  sessionName: string;
  accessKeyId: string;
}

/** Where and when a call was made. */
export interface CallContext {
  accountId: string;
  region: string;
  caller: CallerRole;
  /** Default now. */
  time?: Date;
}

type KmsEventName = (typeof KMS_EVENT_NAMES)[number];
type DynamoDbEventName = (typeof DYNAMODB_EVENT_NAMES)[number];

/** A CloudTrail management event record (the `detail` of its EventBridge event). */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: 'kms.amazonaws.com' | 'dynamodb.amazonaws.com';
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: false;
  resources?: Array<{ accountId: string; type: string; ARN: string }>;
  eventType: 'AwsApiCall';
  managementEvent: true;
  recipientAccountId: string;
  eventCategory: 'Management';
}

/** CloudTrail's records stamp seconds, no milliseconds. */
const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

function assumedRoleIdentity(caller: CallerRole, time: Date) {
  const { accountId, roleName, sessionName, accessKeyId } = caller;
  return {
    type: 'AssumedRole',
    principalId: `${accessKeyId}:${sessionName}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    accountId,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: accessKeyId,
        arn: `arn:aws:iam::${accountId}:role/${roleName}`,
        accountId,
        userName: roleName,
      },
      attributes: { creationDate: isoSeconds(time), mfaAuthenticated: 'false' },
    },
  };
}

function record(
  context: CallContext,
  call: {
    eventSource: CloudTrailRecord['eventSource'];
    eventName: string;
    requestParameters: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
    resource?: { type: string; ARN: string };
  },
): CloudTrailRecord {
  const time = context.time ?? new Date();
  return {
    eventVersion: '1.08',
    userIdentity: assumedRoleIdentity(context.caller, time),
    eventTime: isoSeconds(time),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: context.region,
    sourceIPAddress: '127.0.0.1',
    userAgent: 'dynamodb-encryption-sandbox',
    requestParameters: call.requestParameters,
    responseElements: call.responseElements ?? null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: false,
    ...(call.resource
      ? { resources: [{ accountId: context.accountId, ...call.resource }] }
      : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: context.accountId,
    eventCategory: 'Management',
  };
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/**
 * A date as KMS's CloudTrail records write `deletionDate`: `Apr 12, 2021 18:58:30 PM` (UTC, 24-hour clock
 * with a meridiem), not ISO 8601.
 */
export function cloudTrailKmsDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    .map(pad)
    .join(':');
  return `${MONTHS[d.getUTCMonth()]} ${pad(
    d.getUTCDate(),
  )}, ${d.getUTCFullYear()} ${time} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/**
 * A KMS key call as CloudTrail records it: `keyId` as the caller sent it in `requestParameters`, the key's
 * ARN in `responseElements.keyId` (as records since December 2022 have it) and in `resources`.
 */
export function kmsKeyCall(
  context: CallContext,
  eventName: KmsEventName,
  key: { keyId: string; keyArn: string },
  extra: {
    requestParameters?: Record<string, unknown>;
    responseElements?: Record<string, unknown> | null;
  } = {},
): CloudTrailRecord {
  return record(context, {
    eventSource: 'kms.amazonaws.com',
    eventName,
    requestParameters: { keyId: key.keyId, ...extra.requestParameters },
    responseElements:
      extra.responseElements === undefined
        ? { keyId: key.keyArn }
        : extra.responseElements,
    resource: { type: 'AWS::KMS::Key', ARN: key.keyArn },
  });
}

/** ScheduleKeyDeletion: the window asked for; the key's ARN, its deletion date and new state answered. */
export function scheduleKeyDeletionCall(
  context: CallContext,
  key: { keyId: string; keyArn: string },
  pendingWindowInDays: number,
  deletionDate: Date,
): CloudTrailRecord {
  return kmsKeyCall(context, 'ScheduleKeyDeletion', key, {
    requestParameters: { pendingWindowInDays },
    responseElements: {
      keyId: key.keyArn,
      deletionDate: cloudTrailKmsDate(deletionDate),
      keyState: 'PendingDeletion',
    },
  });
}

/** PutKeyPolicy: the policy document as the string the API takes. */
export function putKeyPolicyCall(
  context: CallContext,
  key: { keyId: string; keyArn: string },
  policy: string,
): CloudTrailRecord {
  return kmsKeyCall(context, 'PutKeyPolicy', key, {
    requestParameters: {
      policyName: 'default',
      policy,
      bypassPolicyLockoutSafetyCheck: false,
    },
    responseElements: null,
  });
}

/** A DynamoDB table call: its request parameters as the API takes them, the table in `resources`. */
export function dynamoDbTableCall(
  context: CallContext,
  eventName: DynamoDbEventName,
  tableArn: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailRecord {
  return record(context, {
    eventSource: 'dynamodb.amazonaws.com',
    eventName,
    requestParameters,
    responseElements,
    resource: { type: 'AWS::DynamoDB::Table', ARN: tableArn },
  });
}

/**
 * The EventBridge event CloudTrail puts on the account's default bus for a record: source `aws.kms` or
 * `aws.dynamodb`, detail-type `AWS API Call via CloudTrail`, the record as `detail`, no envelope resources.
 */
export function cloudTrailEventEntry(
  detail: CloudTrailRecord,
): PutEventsRequestEntry {
  return {
    Source: `aws.${detail.eventSource.split('.')[0]}`,
    DetailType: CLOUDTRAIL_DETAIL_TYPE,
    Detail: JSON.stringify(detail),
    Time: new Date(detail.eventTime),
    Resources: [],
  };
}
