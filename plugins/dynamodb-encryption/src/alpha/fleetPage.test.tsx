import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../api/DynamoDbEncryptionApi';
import { fleetPage } from './fleetPage';

jest.setTimeout(60_000);

describe('fleet page extension', () => {
  it('renders the dashboard at its path', async () => {
    const api = {
      getFleetAccess: jest.fn().mockResolvedValue({ scope: 'all' }),
      getFleetSummary: jest.fn().mockResolvedValue(undefined),
      fleetExportUrl: jest.fn().mockResolvedValue(undefined),
      getLatestScan: jest
        .fn()
        .mockResolvedValue({ status: 'none', progress: { done: 0, total: 0 } }),
      listFleetTables: jest.fn().mockResolvedValue({ items: [], total: 0 }),
    };
    const tester = createExtensionTester(fleetPage, {
      apis: [[dynamoDbEncryptionApiRef, api]],
    });
    await renderInTestApp(tester.reactElement(), {
      apis: [[dynamoDbEncryptionApiRef, api]],
    });
    expect(
      await screen.findByText(
        'DynamoDB encryption across the fleet',
        undefined,
        {
          timeout: 20_000,
        },
      ),
    ).toBeInTheDocument();
    expect(api.getFleetSummary).toHaveBeenCalled();
  });
});
