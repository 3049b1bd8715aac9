import {
  AssessmentContext,
  assessTable,
  TableArn,
  TableAssessment,
} from '@dynamodb-encryption/backstage-plugin-common';
import { AwsClientFactory } from './awsClients';
import { readTableEncryption, readTableTags } from './tableReader';

/**
 * Reads one table from AWS and assesses it with the one assessment of `-common`. The fleet scanner reads
 * many tables in bulk and calls the same `assessTable`, so both always agree.
 *
 * @public
 */
export interface TableAssessmentService {
  assess(
    table: TableArn,
    context?: AssessmentContext,
  ): Promise<TableAssessment>;
}

/**
 * The default assessment service over an AWS client factory.
 *
 * @public
 */
export function createTableAssessmentService(
  clients: AwsClientFactory,
): TableAssessmentService {
  return {
    async assess(table, context = {}) {
      const needsTags =
        !context.awsTags && context.policies?.some(p => p.when?.awsTags);
      const [observation, awsTags] = await Promise.all([
        readTableEncryption(clients, table),
        needsTags ? readTableTags(clients, table) : context.awsTags,
      ]);
      // readTableTags answers {} for a table without tags and undefined only when AWS refused.
      const awsTagsRefused =
        needsTags && !awsTags
          ? {
              action: 'dynamodb:ListTagsOfResource',
              reason: 'access-denied' as const,
              resource: table.arn,
              callerAccountId: table.accountId,
            }
          : undefined;
      return assessTable(observation, { ...context, awsTags, awsTagsRefused });
    },
  };
}
