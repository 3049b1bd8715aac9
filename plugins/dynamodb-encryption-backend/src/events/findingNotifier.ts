import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  entityPath,
  FINDING_NOTIFICATION_TOPIC,
  Finding,
  FleetRow,
  sortFindings,
} from '@dynamodb-encryption/backstage-plugin-common';

/** A table's row before and after a change (a re-read after an event, a scan, a deletion). */
export interface RowChange {
  previous?: FleetRow;
  /** Undefined when the table is gone. */
  row?: FleetRow;
}

/** What told the portal: the event's name and time, or a scan's. */
export interface ChangeSource {
  name: string;
  time: string;
}

const SEVERE = new Set(['critical', 'high']);
const severe = (row?: FleetRow): Finding[] =>
  sortFindings(row?.findings.filter(f => SEVERE.has(f.severity)) ?? []);
const ids = (findings: Finding[]) =>
  findings
    .map(f => f.id)
    .sort()
    .join(' ');

/**
 * Tells a table's owner (its entity's owner, else its owner tag) and the configured recipients when the table
 * gains a critical or high finding, in one Backstage notification per table naming the table, what changed
 * and when, what to do, and linking the encryption tab. The notification's scope is the table, so when its
 * findings change again or clear, the same notification is updated rather than repeated.
 */
export function createFindingNotifier(deps: {
  notifications?: NotificationService;
  logger: LoggerService;
  recipients: string[];
  enabled: boolean;
}) {
  const { logger } = deps;

  function notificationOf(change: RowChange, source: ChangeSource) {
    const row = change.row ?? change.previous!;
    const now = severe(change.row);
    const before = severe(change.previous);
    if (ids(now) === ids(before)) return undefined;
    const when = `${source.name}, ${source.time
      .slice(0, 16)
      .replace('T', ' ')} UTC`;
    const name = row.table.name;
    const where = `${row.table.accountId}/${row.table.region}`;
    const link = row.entityRef
      ? `/catalog/${entityPath(
          parseEntityRef(row.entityRef),
        )}/dynamodb-encryption`
      : `/dynamodb-encryption?finding=${encodeURIComponent(
          (now[0] ?? before[0]).id,
        )}`;
    if (!now.length) {
      return {
        link,
        title: `${name}: ${change.row ? 'findings cleared' : 'table deleted'}`,
        description: `${
          change.row
            ? 'No critical or high encryption finding remains'
            : 'DynamoDB no longer has this table'
        } (${where}; ${when}).`,
        severity: 'normal' as const,
      };
    }
    const first = now[0];
    const more = now.length > 1 ? ` (+${now.length - 1} more)` : '';
    return {
      link,
      title: `${name}: ${first.title}${more}`,
      description: [
        `${where}; ${when}.`,
        ...now.map(
          f =>
            `${f.severity.toUpperCase()}: ${f.title}.${
              f.remediation ? ` To do: ${f.remediation}` : ''
            }`,
        ),
      ].join(' '),
      severity: now.some(f => f.severity === 'critical')
        ? ('critical' as const)
        : ('high' as const),
    };
  }

  return {
    /** Notifies the changes whose critical and high findings differ; the others send nothing. */
    async notify(changes: RowChange[], source: ChangeSource): Promise<number> {
      if (!deps.enabled || !deps.notifications) return 0;
      let sent = 0;
      for (const change of changes) {
        const payload = notificationOf(change, source);
        if (!payload) continue;
        const row = change.row ?? change.previous!;
        const entityRef = [
          ...new Set([...(row.owner ? [row.owner] : []), ...deps.recipients]),
        ];
        if (!entityRef.length) continue;
        try {
          await deps.notifications.send({
            recipients: { type: 'entity', entityRef },
            payload: {
              ...payload,
              topic: FINDING_NOTIFICATION_TOPIC,
              // One notification per table: a later change updates it.
              scope: `dynamodb-encryption:table:${row.table.arn}`,
            },
          });
          sent++;
        } catch (e) {
          // Telling people must not lose the rows already stored: logged, and the next change tries again.
          logger.warn('Could not send a DynamoDB encryption notification', {
            table: row.table.arn,
            error: (e as Error).message,
          });
        }
      }
      return sent;
    },
  };
}

/** @public */
export type FindingNotifier = ReturnType<typeof createFindingNotifier>;
