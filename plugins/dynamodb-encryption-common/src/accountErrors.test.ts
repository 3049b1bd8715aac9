import { accountErrorCause } from './accountErrors';

describe('accountErrorCause', () => {
  it.each([
    [
      {
        name: 'AccessDenied',
        message: 'User: x is not authorized to perform: sts:AssumeRole',
      },
      'iam',
    ],
    [{ name: 'NoSuchEntity', message: 'The role cannot be found' }, 'iam'],
    [
      {
        name: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid',
      },
      'credentials',
    ],
    [
      {
        name: 'ExpiredToken',
        message: 'The security token included in the request is expired',
      },
      'credentials',
    ],
    [{ name: 'Throttling', message: 'Rate exceeded' }, 'unavailable'],
    [{ name: 'TimeoutError', message: 'socket timed out' }, 'unavailable'],
    [
      {
        name: 'Error',
        message: 'connect ECONNREFUSED 127.0.0.1:4566',
        code: 'ECONNREFUSED',
      },
      'unavailable',
    ],
    // The failure of the first release's renewal: a fault of the portal, never IAM advice.
    [
      {
        name: 'Error',
        message: "Duplicate middleware name 'dynamoDbEncryptionRequestCounter'",
      },
      'portal',
    ],
    [
      {
        name: 'TypeError',
        message: "Cannot read properties of undefined (reading 'Arn')",
      },
      'portal',
    ],
    [{}, 'portal'],
  ])('%j is %s', (error, cause) => {
    expect(accountErrorCause(error)).toBe(cause);
  });
});
