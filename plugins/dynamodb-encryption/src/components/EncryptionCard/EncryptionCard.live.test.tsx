import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
} from '@dynamodb-encryption/backstage-plugin-common';
import { act, screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { FLEET_CHANGES_WINDOW_MS } from '../../hooks/useFleetChanges';
import { fakeSignals } from '../../__testUtils__/fakeSignals';
import { EncryptionContent } from '../EncryptionContent/EncryptionContent';
import { EncryptionCard } from './EncryptionCard';

const arn = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { [DYNAMODB_TABLE_ARN_ANNOTATION]: arn },
  },
  spec: { type: 'dynamodb-table', owner: 'group:default/orders-team' },
};

function report(alias: string): EncryptionReport {
  return {
    table: {
      arn,
      name: 'orders',
      accountId: '111111111111',
      region: 'us-east-1',
      status: 'ACTIVE',
    },
    encryption: {
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn:
        'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012',
      aliases: [alias],
      keyState: 'Enabled',
      rotation: { enabled: true },
    },
    findings: [],
    drift: [],
    fetchedAt: '2026-11-30T00:00:00.000Z',
    stale: false,
  };
}

afterEach(() => jest.useRealTimers());

describe.each([
  ['EncryptionCard', <EncryptionCard />],
  ['EncryptionContent', <EncryptionContent />],
])('%s on fleet signals', (_name, element) => {
  it('reads the report again and shows the old one until the new one comes', async () => {
    let resolveNext!: (r: EncryptionReport) => void;
    const getEncryptionReport = jest
      .fn()
      .mockResolvedValueOnce(report('alias/orders-v1'))
      .mockReturnValueOnce(
        new Promise<EncryptionReport>(r => {
          resolveNext = r;
        }),
      );
    const signals = fakeSignals();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [signalApiRef, signals.api],
          [dynamoDbEncryptionApiRef, { getEncryptionReport }],
        ]}
      >
        <EntityProvider entity={entity}>{element}</EntityProvider>
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText('alias/orders-v1')).length,
    ).toBeGreaterThan(0);

    jest.useFakeTimers();
    signals.emitFleetChange();
    signals.emitFleetChange();
    await act(async () => {
      jest.advanceTimersByTime(FLEET_CHANGES_WINDOW_MS);
    });
    expect(getEncryptionReport).toHaveBeenCalledTimes(2);
    // No skeleton while the new report is on its way: the old one stays.
    expect(screen.queryByTestId('encryption-loading')).toBeNull();
    expect(screen.getAllByText('alias/orders-v1').length).toBeGreaterThan(0);

    await act(async () => resolveNext(report('alias/orders-v2')));
    expect(screen.getAllByText('alias/orders-v2').length).toBeGreaterThan(0);
    expect(screen.queryByText('alias/orders-v1')).toBeNull();
  });
});
