import {
  AssessmentContext,
  assessTable,
  FleetContext,
  FleetPolicy,
  FleetRow,
} from '@dynamodb-encryption/backstage-plugin-common';
import type { StagedTable } from '@dynamodb-encryption/backstage-plugin-node';
import { EntityInfo, ownerFromTag } from './catalogJoin';

/** What every fleet row is assessed with, whoever reads the table (a scan, or an event's re-read). */
export interface FleetRowDeps {
  policies: FleetPolicy[];
  /** AWS tag keys naming an undeclared table's owner and system. Default `owner` and `system`. */
  tagKeys?: { owner?: string; system?: string };
  context?: Pick<
    AssessmentContext,
    'pricing' | 'assumptions' | 'trustedAccounts'
  >;
}

/**
 * One table's fleet row: the one assessment (`assessTable`) of what was read, with the estate's context, the
 * declaring entity (else the owner and system its AWS tags name) and when AWS was read.
 */
export function assessFleetRow(
  deps: FleetRowDeps,
  { observation, awsTags, awsTagsRefused }: StagedTable,
  join: {
    entity?: EntityInfo;
    fleet: FleetContext;
    readAt: string;
    event?: FleetRow['event'];
  },
): FleetRow {
  const { entity } = join;
  const tagOwner = ownerFromTag(awsTags?.[deps.tagKeys?.owner ?? 'owner']);
  const tagSystem = awsTags?.[deps.tagKeys?.system ?? 'system'];
  const assessment = assessTable(observation, {
    ...deps.context,
    fleet: join.fleet,
    policies: deps.policies,
    entityTags: entity?.tags,
    awsTags,
    awsTagsRefused,
    // Unowned: neither a declaring entity nor an owner tag; unknown when AWS refused the tags.
    declared: !!entity || !!tagOwner || (awsTagsRefused ? undefined : false),
  });
  return {
    ...assessment,
    context: join.fleet,
    entityRef: entity?.entityRef,
    owner: entity?.owner ?? tagOwner,
    system: entity?.system ?? tagSystem,
    awsTags,
    readAt: join.readAt,
    ...(join.event ? { event: join.event } : {}),
  };
}
