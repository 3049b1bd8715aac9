import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { renewingCredentials } from './credentials';

const HOUR = 3_600_000;

/** A provider that hands out a new identity per call, each valid for `lifetimeMs` from the clock's now. */
function issuer(clock: { now: number }, lifetimeMs: number) {
  const issued: AwsCredentialIdentity[] = [];
  const failures: Error[] = [];
  const provider = async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    const identity = {
      accessKeyId: `key-${issued.length + 1}`,
      secretAccessKey: 'secret',
      expiration: new Date(clock.now + lifetimeMs),
    };
    issued.push(identity);
    return identity;
  };
  return { provider, issued, failures };
}

describe('renewingCredentials', () => {
  it('shares one identity until five minutes before it expires, then renews, for as many lifetimes as the process lives', async () => {
    const clock = { now: 0 };
    const { provider, issued } = issuer(clock, HOUR);
    const credentials = renewingCredentials(provider, { now: () => clock.now });

    const first = await Promise.all([credentials(), credentials()]);
    expect(first.map(c => c.accessKeyId)).toEqual(['key-1', 'key-1']);
    for (let lifetime = 1; lifetime <= 3; lifetime++) {
      clock.now += HOUR - 5 * 60_000 - 1;
      expect((await credentials()).accessKeyId).toBe(`key-${lifetime}`);
      clock.now += 1;
      const renewed = await Promise.all([credentials(), credentials()]);
      expect(renewed.map(c => c.accessKeyId)).toEqual([
        `key-${lifetime + 1}`,
        `key-${lifetime + 1}`,
      ]);
    }
    expect(issued).toHaveLength(4);
  });

  it('renews a short session at three quarters of its life, not on every call', async () => {
    const clock = { now: 0 };
    const { provider, issued } = issuer(clock, 8_000);
    const credentials = renewingCredentials(provider, { now: () => clock.now });
    for (let t = 0; t < 24_000; t += 500) {
      clock.now = t;
      await credentials();
    }
    // Renewed at 6 s, 12 s and 18 s: four identities over three lifetimes.
    expect(issued).toHaveLength(4);
  });

  it('keeps the current identity and reports a failed renewal while it holds, then throws the real error', async () => {
    const clock = { now: 0 };
    const { provider, failures } = issuer(clock, HOUR);
    const reported: string[] = [];
    const credentials = renewingCredentials(provider, {
      now: () => clock.now,
      onRenewalFailure: (error, expiresAt) =>
        reported.push(`${error.name} until ${expiresAt.toISOString()}`),
    });
    await credentials();

    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
    });
    failures.push(throttled);
    clock.now = HOUR - 60_000;
    expect((await credentials()).accessKeyId).toBe('key-1');
    expect(reported).toEqual([
      `Throttling until ${new Date(HOUR).toISOString()}`,
    ]);
    // Within the retry pause the current identity is served without asking again.
    expect((await credentials()).accessKeyId).toBe('key-1');

    const denied = Object.assign(new Error('not authorized to assume'), {
      name: 'AccessDenied',
    });
    failures.push(denied);
    clock.now = HOUR + 1;
    await expect(credentials()).rejects.toBe(denied);
    // The next call tries again and recovers.
    expect((await credentials()).accessKeyId).toBe('key-2');
  });

  it('never renews credentials that do not expire', async () => {
    const provider = jest.fn(async () => ({
      accessKeyId: 'static',
      secretAccessKey: 'secret',
    }));
    const clock = { now: 0 };
    const credentials = renewingCredentials(provider, { now: () => clock.now });
    await credentials();
    clock.now += 100 * HOUR;
    await credentials();
    expect(provider).toHaveBeenCalledTimes(1);
  });
});
