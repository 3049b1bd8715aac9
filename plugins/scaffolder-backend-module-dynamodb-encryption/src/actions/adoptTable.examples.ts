import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Adopt a discovered table into GitOps: its Application and catalog-info.yaml in apps/<tableName>',
    example: yaml.stringify({
      steps: [
        {
          id: 'adopt',
          action: 'dynamodb:application:adopt',
          name: 'Render the Application that adopts the table',
          input: {
            entityRef: 'resource:default/orders-111111111111-us-east-1',
          },
        },
      ],
    }),
  },
  {
    description: 'Adopt a discovered table into a folder of your choosing',
    example: yaml.stringify({
      steps: [
        {
          id: 'adopt',
          action: 'dynamodb:application:adopt',
          name: 'Render the Application that adopts the table',
          input: {
            entityRef: 'resource:default/orders-111111111111-us-east-1',
            targetPath: 'teams/orders/tables/orders',
          },
        },
      ],
    }),
  },
];
