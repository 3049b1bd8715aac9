import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Verify the key a form picked, failing when it does not rotate',
    example: yaml.stringify({
      steps: [
        {
          id: 'verify-key',
          action: 'dynamodb:kms-key:verify',
          name: 'Verify the KMS key',
          input: {
            kmsKeyId: 'alias/orders-data',
            region: 'us-east-1',
            accountId: '123456789012',
            rotation: 'fail',
          },
        },
      ],
    }),
  },
];
