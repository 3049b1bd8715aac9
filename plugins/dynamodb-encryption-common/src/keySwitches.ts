import { KeyType, ObservedKeyType } from './constants';
import {
  KEY_SWITCH_LIMIT,
  KEY_SWITCH_LIMIT_WORDS,
  KEY_TYPE_WORDS,
  KeySwitch,
  KeySwitchHistory,
} from './keyChange';
import { plural } from './labels';

/**
 * One reading of a table's key the portal keeps: a fleet row of a retained scan, or the row an AWS event
 * re-read (`event`).
 *
 * @public
 */
export interface KeyReading {
  /** When AWS was read (the row's `readAt`, else its scan's start). */
  at: string;
  keyType: ObservedKeyType;
  kmsKeyArn?: string;
  event?: { name: string; time: string };
}

const HOUR_MS = 3_600_000;
const same = (a: KeyReading, b: KeyReading) =>
  a.keyType === b.keyType && a.kmsKeyArn === b.kmsKeyArn;
const iso = (t: string) => new Date(t).toISOString();

/**
 * What the portal knows of a table's recent key switches: every change of key between two consecutive
 * readings (an unknown reading tells nothing), dated by the `UpdateTable` event that made the reading when
 * there is one, else by the reading; those in DynamoDB's window, and whether the readings cover the whole
 * window. Said honestly: readings are samples, so a switch and back between two of them is not seen, and
 * nothing is known before the oldest one. With `proposed`, warns when the switch may hit the limit.
 *
 * @public
 */
export function keySwitchHistory(
  readings: readonly KeyReading[],
  now: Date,
  proposed?: KeyType,
): KeySwitchHistory {
  const sorted = [...readings].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const known = sorted.filter(r => r.keyType !== 'UNKNOWN');
  const windowStart = now.getTime() - KEY_SWITCH_LIMIT.windowHours * HOUR_MS;
  const switches: KeySwitch[] = [];
  for (let i = 1; i < known.length; i++) {
    const [before, after] = [known[i - 1], known[i]];
    if (same(before, after)) continue;
    const byEvent = after.event?.name === 'UpdateTable';
    switches.push({
      at: iso(byEvent ? after.event!.time : after.at),
      ...(byEvent ? {} : { seenAfter: iso(before.at) }),
      from: { keyType: before.keyType, kmsKeyArn: before.kmsKeyArn },
      to: { keyType: after.keyType, kmsKeyArn: after.kmsKeyArn },
      source: byEvent ? 'event' : 'scan',
      ...(byEvent ? { eventName: after.event!.name } : {}),
    });
  }
  const recent = switches
    .filter(s => Date.parse(s.at) >= windowStart)
    .reverse();
  const counted = recent.filter(s => s.to.keyType !== 'AWS_OWNED').length;
  const since = sorted[0] ? iso(sorted[0].at) : undefined;
  const covers = !!since && Date.parse(since) <= windowStart;
  const seen = `${plural(recent.length, 'switch', 'switches')}${
    recent.length && counted !== recent.length
      ? ` (${counted} counted against the limit)`
      : ''
  }`;
  const parts: string[] = [];
  if (!since) {
    parts.push(
      'The portal has no reading of this table yet (no scan or event has seen it), so it does not know its recent key switches.',
    );
  } else if (!covers) {
    parts.push(
      `Since ${since}, its oldest reading of this table, the portal saw ${seen} of the table's key; it does not know what happened before ${since}.`,
    );
  } else {
    parts.push(
      `In the last ${KEY_SWITCH_LIMIT.windowHours} hours the portal saw ${seen} of this table's key. It reads the key at each scan and AWS event, so a switch and back between two readings is not seen.`,
    );
  }
  parts.push(KEY_SWITCH_LIMIT_WORDS);
  if (
    proposed &&
    proposed !== 'AWS_OWNED' &&
    counted >= KEY_SWITCH_LIMIT.switches
  )
    parts.push(
      `DynamoDB may refuse a switch to ${KEY_TYPE_WORDS[proposed]} now: the portal counted ${counted} in the window.`,
    );
  return { known: covers, since, recent, counted, note: parts.join(' ') };
}
