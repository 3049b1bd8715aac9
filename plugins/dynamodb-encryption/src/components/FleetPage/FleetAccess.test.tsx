import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import LockIcon from '@material-ui/icons/Lock';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { DynamoDbEncryptionNavItem } from './FleetAccess';
import { FleetPage } from './FleetPage';

// A file of its own: usePermission caches decisions per module, so an allowing test would leak in.
describe('without dynamodb-encryption.fleet.read', () => {
  it('says clearly, on the page and in the sidebar, when the user may not read the fleet', async () => {
    const getFleetSummary = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.DENY }),
          ],
          [dynamoDbEncryptionApiRef, { getFleetSummary }],
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
