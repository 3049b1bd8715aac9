import { parseArgs } from 'node:util';
import {
  KEY_MOVES,
  MoveInputError,
  MoveName,
  MoveRequest,
  TABLE_MOVES,
} from './types';

/** Every move the CLI takes. */
export const MOVES: readonly MoveName[] = [...KEY_MOVES, ...TABLE_MOVES];

export const MOVES_USAGE = `usage: cli.ts <move> --account <id|name> --region <region> (--key <key> | --table <name>) [options]
  key moves (--key: key id, key ARN, alias name or ARN, or a demo key's id such as legacy-ledger):
    disable-key, enable-key, cancel-key-deletion, enable-key-rotation, disable-key-rotation
    schedule-key-deletion [--days 7..30, default 7]
    put-key-policy --policy-file <policy.json>
  table moves (--table: the table's name):
    create-table (on demand, key id (S), encrypted with the AWS owned key: a table nobody declared)
    tag-table --tag key=value [--tag key=value ...]
    untag-table --tag-key key [--tag-key key ...]
    delete-table
  Each makes the AWS call in that demo account, then puts its CloudTrail event on the account's default bus.
  env: SANDBOX_ENDPOINT (default http://127.0.0.1:4566), FLEET_FILE`;

/** Whether a CLI command is a move. */
export const isMove = (command: string | undefined): command is MoveName =>
  !!command && (MOVES as readonly string[]).includes(command);

/**
 * Reads a move's command line (`disable-key --account platform-prod --region us-east-1 --key alias/x`)
 * into a request; `readPolicy` reads `--policy-file`. Unknown or missing options are errors naming them.
 */
export async function parseMoveArgs(
  move: MoveName,
  args: string[],
  readPolicy: (path: string) => Promise<string>,
): Promise<MoveRequest> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        account: { type: 'string' },
        region: { type: 'string' },
        key: { type: 'string' },
        table: { type: 'string' },
        days: { type: 'string' },
        'policy-file': { type: 'string' },
        tag: { type: 'string', multiple: true },
        'tag-key': { type: 'string', multiple: true },
      },
    }));
  } catch (e) {
    throw new MoveInputError('arguments', (e as Error).message);
  }
  const isKeyMove = (KEY_MOVES as readonly string[]).includes(move);
  const required = ['account', 'region', isKeyMove ? 'key' : 'table'];
  if (move === 'put-key-policy') required.push('policy-file');
  for (const name of required) {
    if (!values[name as keyof typeof values])
      throw new MoveInputError(name, `${move} needs --${name}`);
  }
  const allowed = new Set([
    ...required,
    ...(move === 'schedule-key-deletion' ? ['days'] : []),
    ...(move === 'tag-table' ? ['tag'] : []),
    ...(move === 'untag-table' ? ['tag-key'] : []),
  ]);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name))
      throw new MoveInputError(name, `${move} takes no --${name}`);
  }
  const request: MoveRequest = {
    move,
    account: values.account!,
    region: values.region!,
    key: values.key,
    table: values.table,
  };
  if (values.days !== undefined) {
    if (!/^\d+$/.test(values.days))
      throw new MoveInputError(
        'days',
        `"${values.days}" is not a number of days`,
      );
    request.pendingWindowInDays = Number(values.days);
  }
  if (values['policy-file']) {
    const path = values['policy-file'];
    request.policy = await readPolicy(path).catch(e => {
      throw new MoveInputError(
        'policy-file',
        `cannot read ${path}: ${(e as Error).message}`,
      );
    });
  }
  if (move === 'tag-table') {
    request.tags = {};
    for (const tag of values.tag ?? []) {
      const at = tag.indexOf('=');
      if (at < 1) throw new MoveInputError('tag', `"${tag}" is not key=value`);
      request.tags[tag.slice(0, at)] = tag.slice(at + 1);
    }
    if (!Object.keys(request.tags).length)
      throw new MoveInputError('tag', 'tag-table needs --tag key=value');
  }
  if (move === 'untag-table') {
    request.tagKeys = values['tag-key'] ?? [];
    if (!request.tagKeys.length)
      throw new MoveInputError('tag-key', 'untag-table needs --tag-key key');
  }
  return request;
}
