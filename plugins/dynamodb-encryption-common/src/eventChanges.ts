import { z } from 'zod/v3';
import {
  ACCOUNT_ID_PATTERN,
  parseKmsKeyReference,
  parseTableArn,
  REGION_PATTERN,
  TableArn,
} from './arn';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  DYNAMODB_EVENT_NAMES,
  KMS_EVENT_NAMES,
  KMS_SERVICE_EVENT_TYPES,
} from './events';

/** What an AWS event says changed, and where. @public */
export interface FleetEventMeta {
  /** The envelope's id. */
  id: string;
  /** The CloudTrail event name, or the KMS event's detail-type. */
  name: string;
  /** When AWS says it happened (the envelope's `time`). */
  time: string;
  /** The account and region the event comes from. */
  accountId: string;
  region: string;
}

/**
 * What an event asks to re-read: a key (the tables protected by it), or a table.
 * - `key`: the keys by ARN, and aliases (by account and region) whose tables are to be found by alias, as
 *   for DeleteAlias, which names no key;
 * - `table`: one table, by ARN.
 *
 * @public
 */
export type FleetChange =
  | (FleetEventMeta & {
      kind: 'key';
      kmsKeyArns: string[];
      aliases: { accountId: string; region: string; alias: string }[];
    })
  | (FleetEventMeta & { kind: 'table'; table: TableArn });

/** @public */
export type FleetEventParse =
  | { ok: true; change: FleetChange }
  | { ok: false; reason: string; meta?: Partial<FleetEventMeta> };

const MAX_NAME = 255;
/** How far ahead of the portal's clock an event's time may be (clock skew) before it is refused. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const envelopeSchema = z.object({
  version: z.string().max(16),
  id: z.string().min(1).max(MAX_NAME),
  'detail-type': z.string().min(1).max(MAX_NAME),
  source: z.string().min(1).max(MAX_NAME),
  account: z.string().regex(ACCOUNT_ID_PATTERN),
  time: z.string().max(64),
  region: z.string().regex(REGION_PATTERN),
  resources: z.array(z.string().max(2048)).max(100).default([]),
  detail: z.record(z.unknown()),
});

const str = (v: unknown) =>
  typeof v === 'string' && v.length <= 2048 ? v : undefined;
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};

/**
 * Reads one queue message: an EventBridge envelope of a CloudTrail KMS or DynamoDB management event, or of
 * KMS's own events, into what it asks to re-read. Anything else (not JSON, another shape, another source,
 * an event name the portal does not handle, a failed call, a time in the future) is refused with the reason,
 * never thrown.
 *
 * @public
 */
export function parseFleetEvent(
  body: string,
  now: number = Date.now(),
): FleetEventParse {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `not an EventBridge envelope: ${
        issue.path.join('.') || '(root)'
      } ${issue.message}`,
    };
  }
  const e = parsed.data;
  const type = e['detail-type'];
  const time = Date.parse(e.time);
  const partial = { id: e.id, accountId: e.account, region: e.region };
  if (Number.isNaN(time))
    return {
      ok: false,
      reason: `time "${e.time}" is not a date`,
      meta: partial,
    };
  if (time > now + FUTURE_TOLERANCE_MS)
    return {
      ok: false,
      reason: `time ${e.time} is in the future`,
      meta: partial,
    };
  const detail = e.detail;
  const cloudTrail = type === CLOUDTRAIL_DETAIL_TYPE;
  const name = cloudTrail ? str(detail.eventName) ?? '' : type;
  const meta: FleetEventMeta = {
    ...partial,
    name: name.slice(0, MAX_NAME),
    time: new Date(time).toISOString(),
  };
  if (cloudTrail && detail.errorCode !== undefined)
    return {
      ok: false,
      reason: `${name} failed (${String(detail.errorCode).slice(
        0,
        100,
      )}): nothing changed`,
      meta,
    };
  if (
    e.source === 'aws.kms' &&
    ((cloudTrail &&
      detail.eventSource === 'kms.amazonaws.com' &&
      (KMS_EVENT_NAMES as readonly string[]).includes(name)) ||
      (KMS_SERVICE_EVENT_TYPES as readonly string[]).includes(type))
  ) {
    return keyChange(meta, e.resources, detail);
  }
  if (
    e.source === 'aws.dynamodb' &&
    cloudTrail &&
    detail.eventSource === 'dynamodb.amazonaws.com' &&
    (DYNAMODB_EVENT_NAMES as readonly string[]).includes(name)
  ) {
    return tableChange(meta, detail);
  }
  return {
    ok: false,
    reason: `not an event the portal handles (${e.source}, ${type}${
      cloudTrail ? `, ${name || 'no eventName'}` : ''
    })`,
    meta,
  };
}

/** The keys a KMS event names: in the envelope's and CloudTrail's resources, and its request parameters. */
function keyChange(
  meta: FleetEventMeta,
  resources: string[],
  detail: Record<string, unknown>,
): FleetEventParse {
  const keys = new Set<string>();
  const aliases: { accountId: string; region: string; alias: string }[] = [];
  const at = { accountId: meta.accountId, region: meta.region };
  const add = (ref: string | undefined) => {
    const parsed = ref ? parseKmsKeyReference(ref) : undefined;
    if (!parsed) return;
    if (parsed.form === 'keyArn') keys.add(parsed.arn);
    else if (parsed.form === 'keyId')
      keys.add(`arn:aws:kms:${at.region}:${at.accountId}:key/${parsed.keyId}`);
    else if (parsed.form === 'aliasName')
      aliases.push({ ...at, alias: parsed.aliasName });
    else
      aliases.push({
        accountId: parsed.accountId,
        region: parsed.region,
        alias: parsed.aliasName,
      });
  };
  resources.forEach(add);
  const trailResources = Array.isArray(detail.resources)
    ? detail.resources
    : [];
  for (const r of trailResources.slice(0, 100)) add(str(obj(r).ARN));
  const request = obj(detail.requestParameters);
  add(str(request.keyId));
  add(str(request.targetKeyId));
  // An alias event moves tables' names: those found by the alias now, and the key it points to.
  add(str(request.aliasName));
  add(str(obj(detail.responseElements).keyId));
  add(str(detail['key-id']));
  if (!keys.size && !aliases.length)
    return { ok: false, reason: `${meta.name} names no key`, meta };
  return {
    ok: true,
    change: { ...meta, kind: 'key', kmsKeyArns: [...keys], aliases },
  };
}

/** The table a DynamoDB event names, by name or ARN, in the event's account and region. */
function tableChange(
  meta: FleetEventMeta,
  detail: Record<string, unknown>,
): FleetEventParse {
  const request = obj(detail.requestParameters);
  const ref =
    str(request.tableName) ??
    str(request.targetTableName) ??
    str(obj(request.tableCreationParameters).tableName) ??
    str(request.resourceArn);
  const table = ref
    ? parseTableArn(ref) ??
      parseTableArn(
        `arn:aws:dynamodb:${meta.region}:${meta.accountId}:table/${ref}`,
      )
    : undefined;
  if (!table) return { ok: false, reason: `${meta.name} names no table`, meta };
  return { ok: true, change: { ...meta, kind: 'table', table } };
}
