import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import LockIcon from '@material-ui/icons/Lock';
import { act, screen, waitFor } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { DynamoDbEncryptionNavItem } from './FleetAccess';
import { FleetPage } from './FleetPage';

async function refusal() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            'You may not read the DynamoDB fleet (permission dynamodb-encryption.fleet.read)',
        },
      }),
      { status: 403, headers: { 'content-type': 'application/json' } },
    ),
  );
}

describe('without dynamodb-encryption.fleet.read', () => {
  it('says clearly, on the page and in the sidebar, when the user may not read the fleet', async () => {
    const getFleetSummary = jest.fn();
    const error = await refusal();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            dynamoDbEncryptionApiRef,
            {
              getFleetAccess: async () => Promise.reject(error),
              getFleetSummary,
            },
          ],
        ]}
      >
        <DynamoDbEncryptionNavItem
          to="/dynamodb-encryption"
          title="DynamoDB encryption"
          icon={<LockIcon />}
        />
        <FleetPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/You do not have access to the fleet dashboard/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('dynamodb-encryption.fleet.read'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'DynamoDB encryption (no access)' }),
    ).toBeInTheDocument();
    // Nothing of the fleet is requested on the user's behalf.
    expect(getFleetSummary).not.toHaveBeenCalled();
  });
});

describe('with some or all of the fleet', () => {
  it.each([
    [
      'the rows a conditional decision allows',
      async () => ({ scope: 'conditional' as const }),
    ],
    [
      'an error that is not a refusal',
      async () => Promise.reject(new Error('Bad gateway')),
    ],
  ])('keeps the sidebar entry open for %s', async (_, answer) => {
    const getFleetAccess = jest.fn(answer);
    await renderInTestApp(
      <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { getFleetAccess }]]}>
        <DynamoDbEncryptionNavItem
          to="/dynamodb-encryption"
          title="DynamoDB encryption"
          icon={<LockIcon />}
        />
      </TestApiProvider>,
    );
    await waitFor(() => expect(getFleetAccess).toHaveBeenCalled());
    await act(async () => {});
    expect(
      screen.getByRole('link', { name: 'DynamoDB encryption' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/no access/)).not.toBeInTheDocument();
  });
});
