import { ConfigReader } from '@backstage/config';
import { configuredChecks, mergeChecks, shippedChecks } from './checks';

describe('the shipped checks', () => {
  it('are read from the package, and a configured check of the same id wins', async () => {
    const shipped = await shippedChecks();
    expect(shipped.map(c => c.id)).toEqual([
      'dynamodbCustomerManagedKey',
      'dynamodbKeyRotation',
      'dynamodbNoSevereFindings',
      'dynamodbNoDrift',
    ]);
    const configured = configuredChecks(
      new ConfigReader({
        techInsights: {
          factChecker: {
            checks: {
              dynamodbKeyRotation: {
                type: 'json-rules-engine',
                name: 'Our own rotation rule',
                description: 'x',
                factIds: ['dynamodbEncryptionFactRetriever'],
                rule: { conditions: { all: [] } },
              },
            },
          },
        },
      }),
    );
    const merged = mergeChecks(configured, shipped);
    expect(merged).toHaveLength(4);
    expect(merged.find(c => c.id === 'dynamodbKeyRotation')!.name).toBe(
      'Our own rotation rule',
    );
    expect(configuredChecks(new ConfigReader({}))).toEqual([]);
  });
});
