/** Where and when a CloudTrail management event happened, and what the call named. */
export interface CloudTrailCall {
  service: 'kms' | 'dynamodb';
  eventName: string;
  accountId: string;
  region: string;
  requestParameters: object | null;
  responseElements?: object | null;
  /** The record's resources (CloudTrail's, in `detail`), by ARN. */
  resources?: { type: string; ARN: string }[];
  /** The envelope's `resources` (CloudTrail's events have none there). */
  envelopeResources?: string[];
  /** Default now. */
  time?: Date;
  /** The envelope's id; default a random one. */
  id?: string;
}

/**
 * The EventBridge envelope of a CloudTrail management event as it reaches the events queue (a message's
 * body): `detail-type` `AWS API Call via CloudTrail`, the record in `detail`, times in whole seconds as
 * CloudTrail writes them. For tests and benchmarks that put events on a queue themselves.
 */
export function cloudTrailEnvelope(call: CloudTrailCall): string {
  const time = `${(call.time ?? new Date()).toISOString().slice(0, 19)}Z`;
  const { accountId, region, service, eventName } = call;
  return JSON.stringify({
    version: '0',
    id: call.id ?? `${eventName}-${Math.random().toString(36).slice(2)}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: accountId,
    time,
    region,
    resources: call.envelopeResources ?? [],
    detail: {
      eventVersion: '1.08',
      eventSource: `${service}.amazonaws.com`,
      eventName,
      eventTime: time,
      awsRegion: region,
      recipientAccountId: accountId,
      requestParameters: call.requestParameters,
      responseElements: call.responseElements ?? null,
      ...(call.resources
        ? { resources: call.resources.map(r => ({ accountId, ...r })) }
        : {}),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      eventCategory: 'Management',
    },
  });
}
