import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { manifestLocation, readDesiredState } from './desiredState';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders', annotations },
  spec: {},
});
const manifest = 'dynamodb-encryption.io/application-manifest';

describe('manifestLocation', () => {
  it('keeps an absolute URL and resolves a relative one against the URL the entity came from', () => {
    expect(
      manifestLocation(
        entity({ [manifest]: 'https://git.example.com/a.yaml' }),
      ),
    ).toBe('https://git.example.com/a.yaml');
    expect(
      manifestLocation(
        entity({
          [manifest]: './application.yaml',
          'backstage.io/managed-by-location':
            'url:http://127.0.0.1:4580/apps/orders/catalog-info.yaml',
        }),
      ),
    ).toBe('http://127.0.0.1:4580/apps/orders/application.yaml');
    expect(
      manifestLocation(
        entity({
          [manifest]: './application.yaml',
          'backstage.io/managed-by-location': 'file:/x/catalog-info.yaml',
        }),
      ),
    ).toBeUndefined();
  });
});

describe('readDesiredState', () => {
  const deps = (text: string) => ({
    urlReader: mockServices.urlReader.mock({
      readUrl: async () => ({ buffer: async () => Buffer.from(text) } as any),
    }),
    logger: mockServices.logger.mock(),
  });
  const app = (traits: string) => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: { name: orders }
spec:
  components:
    - name: orders
      type: aws-dynamodb-kro
      properties: { tableName: orders }
      traits: ${traits}
`;
  const e = entity({ [manifest]: 'https://git.example.com/apps/orders.yaml' });

  it('applies the trait defaults when the component has no encryption trait', async () => {
    expect(await readDesiredState(deps(app('[]')), e, 'orders')).toMatchObject({
      kind: 'desired',
      properties: { enabled: true, sseType: 'AES256' },
    });
  });

  it('reports an invalid trait and a missing component as findings', async () => {
    const invalid = await readDesiredState(
      deps(
        app(
          '[{ type: dynamodb-encryption-kro, properties: { sseType: KMS } }]',
        ),
      ),
      e,
      'orders',
    );
    expect(invalid).toMatchObject({
      kind: 'problem',
      finding: { title: expect.stringContaining('kmsKeyId is required') },
    });
    const missing = await readDesiredState(deps(app('[]')), e, 'other');
    expect(missing).toMatchObject({
      kind: 'problem',
      finding: {
        title: expect.stringContaining(
          'no aws-dynamodb-kro component for table other',
        ),
      },
    });
  });
});
