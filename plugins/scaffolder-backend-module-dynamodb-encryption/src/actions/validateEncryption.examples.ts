import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate a customer managed key choice before rendering the Application',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-encryption',
          action: 'dynamodb:encryption:validate',
          name: 'Validate encryption',
          input: {
            encryption: {
              enabled: true,
              sseType: 'KMS',
              kmsKeyId:
                'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'The seed default: the AWS owned key',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate-encryption',
          action: 'dynamodb:encryption:validate',
          name: 'Validate encryption',
          input: { encryption: { enabled: true, sseType: 'AES256' } },
        },
      ],
    }),
  },
];
