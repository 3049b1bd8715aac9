import { analyzeKeyUse } from '@dynamodb-encryption/backstage-plugin-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { KeyUseTable } from './KeyUseTable';

describe('KeyUseTable', () => {
  it('lists who may use the key, what for, narrowed by what and from where, undetermined said as such', async () => {
    const keyUse = analyzeKeyUse({
      policy: JSON.stringify({
        Statement: [
          {
            Sid: 'Everyone',
            Effect: 'Allow',
            Principal: '*',
            Action: 'kms:Decrypt',
            Resource: '*',
          },
          {
            Sid: 'Odd',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'kms:*',
            Resource: '*',
            Condition: { StringEquals: { 'kms:FutureKey': 'x' } },
          },
        ],
      }),
      grants: [
        {
          GrantId: 'g-1',
          GranteePrincipal: 'arn:aws:iam::444455556666:role/app',
          Operations: ['Encrypt'],
        },
      ],
    });
    await renderInTestApp(<KeyUseTable keyUse={keyUse} />);
    expect(screen.getByText('Who can use this key')).toBeInTheDocument();
    expect(screen.getByText('Everyone')).toBeInTheDocument();
    expect(screen.getAllByText('no condition')).toHaveLength(2);
    expect(
      screen.getByText(/^undetermined \(condition key kms:FutureKey/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('arn:aws:iam::444455556666:role/app'),
    ).toBeInTheDocument();
    expect(screen.getByText('grant g-1')).toBeInTheDocument();
  });

  it('shows nothing when the key policy and grants were not read', async () => {
    await renderInTestApp(<KeyUseTable />);
    expect(screen.queryByText('Who can use this key')).not.toBeInTheDocument();
  });
});
