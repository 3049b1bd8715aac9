import { ConfigReader } from '@backstage/config';
import { readTrustedAccounts } from './config';

describe('readTrustedAccounts', () => {
  it('reads dynamodbEncryption.trustedAccounts, empty when unset', () => {
    expect(readTrustedAccounts(new ConfigReader({}))).toEqual([]);
    expect(
      readTrustedAccounts(
        new ConfigReader({
          dynamodbEncryption: { trustedAccounts: ['444455556666'] },
        }),
      ),
    ).toEqual(['444455556666']);
  });

  it('refuses what is not an account id, naming the entry', () => {
    expect(() =>
      readTrustedAccounts(
        new ConfigReader({
          dynamodbEncryption: { trustedAccounts: ['444455556666', 'o-abc'] },
        }),
      ),
    ).toThrow(/trustedAccounts\[1\]/);
  });
});
