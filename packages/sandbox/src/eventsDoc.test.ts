import { fleetEventPatterns } from '@dynamodb-encryption/backstage-plugin-common';
import { EVENT_QUEUE_ACTIONS } from '@dynamodb-encryption/backstage-plugin-node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  EVENTS_BUS_NAME,
  EVENTS_DLQ_NAME,
  EVENTS_MAX_RECEIVE_COUNT,
  EVENTS_QUEUE_NAME,
  EVENTS_RULE_PREFIX,
} from './events';
import { MOVES } from './moves';

const doc = readFileSync(resolve(__dirname, '../../../docs/events.md'), 'utf8');

/** The JSON code block right after the `<!-- fleetEventPatterns() -->` marker. */
function renderedPatterns() {
  const after = doc.split('<!-- fleetEventPatterns() -->')[1];
  const block = after && /```json\n([\s\S]*?)\n```/.exec(after);
  if (!block)
    throw new Error(
      'docs/events.md has no ```json block after <!-- fleetEventPatterns() -->',
    );
  return JSON.parse(block[1]);
}

describe('docs/events.md', () => {
  it('shows the EventBridge patterns as fleetEventPatterns() gives them', () => {
    // On a difference, paste JSON.stringify(fleetEventPatterns(), null, 2) into the block.
    expect(renderedPatterns()).toEqual(fleetEventPatterns());
  });

  it('names the rules, queues and redrive the sandbox seeds', () => {
    for (const key of Object.keys(fleetEventPatterns()))
      expect(doc).toContain(`${EVENTS_RULE_PREFIX}${key}`);
    expect(doc).toContain(`\`${EVENTS_QUEUE_NAME}\``);
    expect(doc).toContain(`\`${EVENTS_DLQ_NAME}\``);
    expect(doc).toContain(`\`${EVENTS_BUS_NAME}\``);
    expect(doc).toContain(`maxReceiveCount: ${EVENTS_MAX_RECEIVE_COUNT}`);
  });

  it('lists every IAM action the portal calls on the queue, and every sandbox move', () => {
    expect(EVENT_QUEUE_ACTIONS.filter(a => !doc.includes(`\`${a}\``))).toEqual(
      [],
    );
    expect(
      MOVES.filter(
        m => !doc.includes(`yarn workspace @internal/sandbox move ${m} `),
      ),
    ).toEqual([]);
  });
});
