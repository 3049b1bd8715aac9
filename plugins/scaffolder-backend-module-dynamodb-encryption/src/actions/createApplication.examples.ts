import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const base = {
  tableName: 'orders',
  region: 'us-east-1',
  accountId: '123456789012',
  attributeDefinitions: [{ attributeName: 'orderId', attributeType: 'S' }],
  keySchema: [{ attributeName: 'orderId', keyType: 'HASH' }],
  owner: 'group:default/orders-team',
};

export const examples: TemplateExample[] = [
  {
    description:
      'A table on a customer managed key named by alias (written to the Application as its ARN)',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'dynamodb:application:create',
          name: 'Render the Application',
          input: {
            ...base,
            encryption: {
              enabled: true,
              sseType: 'KMS',
              kmsKeyId: 'alias/orders-data',
            },
            protection: { deletionProtection: true, pointInTimeRecovery: true },
          },
        },
      ],
    }),
  },
  {
    description: 'A table on the AWS managed key, with a stream',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'dynamodb:application:create',
          name: 'Render the Application',
          input: {
            ...base,
            tableName: 'audit-events',
            encryption: { sseType: 'KMS', kmsKeyId: 'alias/aws/dynamodb' },
            streams: { viewType: 'NEW_AND_OLD_IMAGES' },
          },
        },
      ],
    }),
  },
];
