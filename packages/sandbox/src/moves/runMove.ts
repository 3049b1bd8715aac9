import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { REGION_PATTERN } from '@dynamodb-encryption/backstage-plugin-common';
import { sandboxClients } from '../clients';
import {
  CallContext,
  cloudTrailEventEntry,
  CloudTrailRecord,
} from '../cloudTrailEvents';
import { eventBridgeClient, fleetAccountRegions } from '../events';
import { Fleet } from '../fleet';
import { keyMove, resolveKey } from './keyMoves';
import { newTable, resolveTable, tableMove } from './tableMoves';
import {
  KEY_MOVES,
  MoveInputError,
  MoveRequest,
  MoveResult,
  SANDBOX_OPERATOR_ROLE,
} from './types';

/** The demo account (by id or name) and region a move acts in. */
function where(fleet: Fleet, request: MoveRequest) {
  const account = fleet.accounts.find(
    a => a.id === request.account || a.name === request.account,
  );
  if (!account) {
    const known = fleet.accounts.map(a => `${a.id} (${a.name})`).join(', ');
    throw new MoveInputError(
      'account',
      `"${request.account}" is not a demo account; the fleet has ${known}`,
    );
  }
  if (!REGION_PATTERN.test(request.region))
    throw new MoveInputError(
      'region',
      `"${request.region}" is not an AWS region such as us-east-1`,
    );
  const regions = [...new Set(fleetAccountRegions(fleet).map(t => t.region))];
  if (!regions.includes(request.region))
    throw new MoveInputError(
      'region',
      `${request.region} is not a demo fleet region (${regions.join(
        ', ',
      )}): no rule there forwards its events`,
    );
  return { accountId: account.id, region: request.region };
}

/**
 * Makes one change in a demo account as a person would (the real AWS call on the sandbox), then, because
 * moto records no CloudTrail, puts the event CloudTrail would on that account's default bus. The seeded
 * rules bring it to the portal's queue.
 */
export async function runMove(
  endpoint: string,
  fleet: Fleet,
  request: MoveRequest,
): Promise<MoveResult> {
  const target = where(fleet, request);
  const clients = sandboxClients(endpoint);
  const as = { ...target, roleName: SANDBOX_OPERATOR_ROLE };
  const credentials = await clients.credentials(as);
  const context: CallContext = {
    ...target,
    caller: {
      accountId: target.accountId,
      roleName: SANDBOX_OPERATOR_ROLE,
      sessionName: 'sandbox-cli',
      accessKeyId: credentials.accessKeyId,
    },
  };
  let done: { record: CloudTrailRecord; summary: string };
  if ((KEY_MOVES as readonly string[]).includes(request.move)) {
    const kms = await clients.kms(as);
    const key = await resolveKey(kms, fleet, target, request.key);
    done = await keyMove(kms, context, request, key);
  } else {
    const dynamodb = await clients.dynamodb(as);
    const table =
      request.move === 'create-table'
        ? newTable(target, request.table)
        : await resolveTable(dynamodb, target, request.table);
    done = await tableMove(dynamodb, context, request, table);
  }
  const put = await eventBridgeClient(endpoint, target).send(
    new PutEventsCommand({ Entries: [cloudTrailEventEntry(done.record)] }),
  );
  const entry = put.Entries?.[0];
  if (put.FailedEntryCount || !entry?.EventId)
    throw new Error(
      `${done.summary}, but its event was refused: ${entry?.ErrorCode} ${entry?.ErrorMessage}`,
    );
  return { ...target, ...done, eventId: entry.EventId };
}
