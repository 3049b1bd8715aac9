import {
  ObservedKeyType,
  plural,
} from '@dynamodb-encryption/backstage-plugin-common';

const usd = (n: number) => `$${n.toFixed(2)}`;
const count = (n: number) => n.toLocaleString('en-US');

/** A recorded number, or undefined when the estimate did not record it (or recorded something else). */
function numberIn(
  assumptions: Record<string, unknown>,
  name: string,
): number | undefined {
  const v = assumptions[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function usage(a: (name: string) => number | undefined): string[] {
  const callers = a('activeCallersPerTable');
  const hours = a('activeHoursPerDay');
  const days = a('daysPerMonth');
  const cache = a('keyCacheMinutes');
  const operations = a('operationsPerDay');
  const when = [
    hours !== undefined && `${plural(hours, 'hour', 'hours')} a day`,
    days !== undefined && `${plural(days, 'day', 'days')} a month`,
  ].filter(Boolean);
  const sentences: string[] = [];
  if (callers !== undefined || when.length) {
    const who =
      callers === undefined
        ? 'Callers use'
        : plural(callers, 'caller uses', 'callers use');
    sentences.push(
      `${who} the table${when.length ? ` ${when.join(', ')}` : ''}`,
    );
  }
  if (cache !== undefined)
    sentences.push(
      `Each active caller decrypts the table key about every ${
        cache === 1 ? 'minute' : plural(cache, 'minute', 'minutes')
      }`,
    );
  if (operations !== undefined)
    sentences.push(
      `The upper bound without caching assumes ${plural(
        operations,
        'operation',
        'operations',
      )} a day`,
    );
  return sentences;
}

function rotationSentence(fee: number, billed?: number): string {
  if (billed === undefined)
    return `Each rotation of its key material adds ${usd(fee)} a month`;
  if (billed === 0) return 'Rotations of its key material are free';
  const first =
    billed === 1
      ? 'Its first rotation adds'
      : `Each of its first ${plural(billed, 'rotation', 'rotations')} adds`;
  return `${first} ${usd(fee)} a month; later rotations are free`;
}

function prices(
  a: (name: string) => number | undefined,
  customerManaged: boolean,
): string[] {
  const keyFee = a('customerKeyMonthlyUsd');
  const rotationFee = a('rotationMonthlyUsd');
  const billedRotations = a('maxBilledRotations');
  const per10k = a('requestsPer10kUsd');
  const free = a('freeRequestsPerMonth');
  const sharing = a('accountKmsTables');
  const sentences: string[] = [];
  if (customerManaged && keyFee !== undefined)
    sentences.push(`A customer managed key costs ${usd(keyFee)} a month`);
  if (customerManaged && rotationFee !== undefined)
    sentences.push(rotationSentence(rotationFee, billedRotations));
  if (per10k !== undefined)
    sentences.push(`KMS requests cost ${usd(per10k)} per 10,000`);
  const freeRequests =
    free === undefined
      ? "The account's free KMS requests"
      : `The account's ${count(free)} free KMS requests a month`;
  if (sharing === 0)
    sentences.push(
      `${freeRequests} are not credited: this estimate cannot see the account's other tables`,
    );
  else if (sharing !== undefined)
    sentences.push(
      `${freeRequests} are shared by ${plural(
        sharing,
        'table that uses',
        'tables that use',
      )} KMS in the account`,
    );
  else if (free !== undefined)
    sentences.push(
      `Each account gets ${count(free)} KMS requests a month free`,
    );
  return sentences;
}

function keyFees(a: (name: string) => number | undefined): string[] {
  const tables = a('tablesSharingKey');
  const rotations = a('rotationsCompleted');
  const sentences: string[] = [];
  if (tables !== undefined)
    sentences.push(
      tables <= 1
        ? "This table alone bears the key's fees"
        : `The key's fees are split across ${plural(
            tables,
            'table',
            'tables',
          )}`,
    );
  if (rotations !== undefined)
    sentences.push(
      rotations === 0
        ? "No rotation of the key's material is billed"
        : `The key's material has rotated ${plural(
            rotations,
            'time',
            'times',
          )}`,
    );
  return sentences;
}

const KNOWN = new Set([
  'activeCallersPerTable',
  'activeHoursPerDay',
  'daysPerMonth',
  'keyCacheMinutes',
  'operationsPerDay',
  'customerKeyMonthlyUsd',
  'rotationMonthlyUsd',
  'maxBilledRotations',
  'requestsPer10kUsd',
  'freeRequestsPerMonth',
  'accountKmsTables',
  'tablesSharingKey',
  'rotationsCompleted',
]);

/** "keyCacheMinutes" → "Key cache minutes", for a value the sentences below do not know yet. */
function words(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * The assumptions behind a cost estimate, as sentences a reader can check against how the table is used:
 * how callers use it, the prices, and what the key's fees are split by. With the key type, only those that
 * bear on it: an AWS managed key has no key fee, and an AWS owned key costs nothing.
 */
export function costAssumptionSentences(
  assumptions: Record<string, unknown>,
  keyType?: ObservedKeyType,
): string[] {
  if (keyType === 'AWS_OWNED')
    return ['AWS owned keys are free: no key fee and no request charges.'];
  const customerManaged = keyType !== 'AWS_MANAGED';
  const a = (name: string) => numberIn(assumptions, name);
  const others = Object.entries(assumptions)
    .filter(([name, v]) => !KNOWN.has(name) && v !== undefined)
    .map(([name, v]) => `${words(name)}: ${String(v)}`);
  return [
    ...usage(a),
    ...prices(a, customerManaged),
    ...(customerManaged ? keyFees(a) : []),
    ...others,
  ].map(s => `${s}.`);
}
