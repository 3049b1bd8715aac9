import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (description: string, input: Record<string, unknown>) => ({
  description,
  example: yaml.stringify({
    steps: [
      {
        id: 'update',
        action: 'dynamodb:application:update-encryption',
        name: 'Change the key in the Application',
        input,
      },
    ],
  }),
});

export const examples: TemplateExample[] = [
  step(
    'Move a table to a customer managed key named by alias (written to the Application as its ARN)',
    {
      entityRef: 'resource:default/orders',
      keyChoice: 'CUSTOMER_MANAGED',
      kmsKeyArn: 'alias/orders-data',
    },
  ),
  step('Move a table back to the AWS owned key', {
    entityRef: 'resource:default/orders',
    keyChoice: 'AWS_OWNED',
  }),
];
