import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  formatTableArn,
  TABLE_NAME_PATTERN,
  TABLE_NAME_MESSAGE,
} from '@dynamodb-encryption/backstage-plugin-common';
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

/** The table create-table makes, in the move's account and region: its name and the ARN it will have. */
export function newTable(
  target: { accountId: string; region: string },
  name: string | undefined,
) {
  if (!name || !TABLE_NAME_PATTERN.test(name))
    throw new MoveInputError('table', TABLE_NAME_MESSAGE);
  return { name, arn: formatTableArn({ ...target, tableName: name }) };
}

/** Makes a table move's DynamoDB call; returns its CloudTrail record. */
export async function tableMove(
  dynamodb: DynamoDBClient,
  context: CallContext,
  request: MoveRequest,
  table: { name: string; arn: string },
): Promise<{ record: CloudTrailRecord; summary: string }> {
  switch (request.move) {
    case 'create-table': {
      const created = await dynamodb.send(
        new CreateTableCommand({
          TableName: table.name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      const arn = created.TableDescription?.TableArn ?? table.arn;
      return {
        // CloudTrail writes the request's fields in camel case.
        record: dynamoDbTableCall(
          context,
          'CreateTable',
          arn,
          {
            tableName: table.name,
            billingMode: 'PAY_PER_REQUEST',
            attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
            keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
          },
          {
            tableDescription: {
              tableName: table.name,
              tableArn: arn,
              tableStatus: created.TableDescription?.TableStatus ?? 'CREATING',
            },
          },
        ),
        summary: `created ${arn}`,
      };
    }
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
