import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Commit a rendered table into the sandbox GitOps repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'dynamodb:gitops:commit-local',
          name: 'Publish to the local GitOps repository',
          input: {
            sourcePath: 'apps/orders',
            targetPath: 'apps/orders',
            message: 'Add DynamoDB table orders',
          },
        },
      ],
    }),
  },
];
