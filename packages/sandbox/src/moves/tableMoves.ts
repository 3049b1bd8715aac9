import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CallContext,
  CloudTrailRecord,
  dynamoDbTableCall,
} from '../cloudTrailEvents';
import { MoveInputError, MoveRequest } from './types';

/** The table a move names, in the move's account and region: its name and ARN. */
export async function resolveTable(
  dynamodb: DynamoDBClient,
  target: { accountId: string; region: string },
  name: string | undefined,
) {
  if (!name) throw new MoveInputError('table', 'a table name is needed');
  const described = await dynamodb
    .send(new DescribeTableCommand({ TableName: name }))
    .catch(e => {
      if (['ResourceNotFoundException', 'ValidationException'].includes(e.name))
        throw new MoveInputError(
          'table',
          `no table ${name} in account ${target.accountId}, region ${target.region}`,
        );
      throw e;
    });
  return { name, arn: described.Table!.TableArn! };
}

/** Makes a table move's DynamoDB call; returns its CloudTrail record. */
export async function tableMove(
  dynamodb: DynamoDBClient,
  context: CallContext,
  request: MoveRequest,
  table: { name: string; arn: string },
): Promise<{ record: CloudTrailRecord; summary: string }> {
  switch (request.move) {
    case 'tag-table': {
      const tags = Object.entries(request.tags ?? {});
      if (!tags.length)
        throw new MoveInputError('tag', 'at least one key=value is needed');
      await dynamodb.send(
        new TagResourceCommand({
          ResourceArn: table.arn,
          Tags: tags.map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      return {
        record: dynamoDbTableCall(context, 'TagResource', table.arn, {
          resourceArn: table.arn,
          tags: tags.map(([key, value]) => ({ key, value })),
        }),
        summary: `tagged ${table.arn} with ${tags
          .map(t => t.join('='))
          .join(', ')}`,
      };
    }
    case 'untag-table': {
      const tagKeys = request.tagKeys ?? [];
      if (!tagKeys.length)
        throw new MoveInputError('tag-key', 'at least one tag key is needed');
      await dynamodb.send(
        new UntagResourceCommand({ ResourceArn: table.arn, TagKeys: tagKeys }),
      );
      return {
        record: dynamoDbTableCall(context, 'UntagResource', table.arn, {
          resourceArn: table.arn,
          tagKeys,
        }),
        summary: `removed the tags ${tagKeys.join(', ')} from ${table.arn}`,
      };
    }
    case 'delete-table': {
      const res = await dynamodb.send(
        new DeleteTableCommand({ TableName: table.name }),
      );
      const t = res.TableDescription;
      return {
        record: dynamoDbTableCall(
          context,
          'DeleteTable',
          table.arn,
          { tableName: table.name },
          {
            tableDescription: {
              tableName: t?.TableName ?? table.name,
              tableArn: t?.TableArn ?? table.arn,
              tableId: t?.TableId,
              tableStatus: t?.TableStatus ?? 'DELETING',
            },
          },
        ),
        summary: `deleted ${table.arn}`,
      };
    }
    default:
      throw new Error(`${request.move} is not a table move`);
  }
}
