import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen, within } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { EncryptionContent } from './EncryptionContent';

const arn = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const keyId = '12345678-1234-1234-1234-123456789012';
const keyArn = `arn:aws:kms:us-east-1:111111111111:key/${keyId}`;
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { [DYNAMODB_TABLE_ARN_ANNOTATION]: arn },
  },
  spec: { type: 'dynamodb-table' },
};

const report: EncryptionReport = {
  table: {
    arn,
    name: 'orders',
    accountId: '111111111111',
    region: 'us-east-1',
    status: 'ACTIVE',
  },
  encryption: {
    keyType: 'CUSTOMER_MANAGED',
    sseStatus: 'ENABLED',
    kmsKeyArn: keyArn,
    aliases: ['alias/orders-data'],
    keyState: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    multiRegion: false,
    rotation: { enabled: false },
    keyPolicy: {
      verdict: 'undetermined',
      reason: 'The key policy delegates to IAM',
    },
  },
  cost: {
    monthlyUsd: 1.0259,
    breakdown: [
      { item: 'Key fee (shared by 1 table)', monthlyUsd: 1 },
      { item: 'KMS requests (8,640 a month)', monthlyUsd: 0.0259 },
    ],
    assumptions: { activeCallersPerTable: 1, keyCacheMinutes: 5 },
  },
  findings: [
    {
      id: 'compliance-key-rotation',
      severity: 'medium',
      title: 'The key rotates automatically: not met (HIPAA, PCI-DSS)',
      remediation: `aws kms enable-key-rotation --key-id '${keyArn}' --region 'us-east-1'`,
    },
  ],
  desired: { enabled: true, sseType: 'KMS', kmsKeyId: 'alias/orders-data' },
  drift: [
    {
      field: 'kmsKeyId',
      desired: 'alias/orders-data',
      actual: keyArn,
      message:
        'The manifest names the key by alias: the ACK controller needs the key ARN',
    },
  ],
  fetchedAt: '2026-11-30T00:00:00.000Z',
  stale: false,
};

describe('EncryptionContent', () => {
  it('shows the whole report', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            dynamoDbEncryptionApiRef,
            { getEncryptionReport: async () => report },
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <EncryptionContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Estimated KMS cost: $1.03 / month'),
    ).toBeInTheDocument();
    expect(screen.getByText('Key fee (shared by 1 table)')).toBeInTheDocument();
    // The assumptions in words, not as the estimate's field names.
    expect(
      within(screen.getByTestId('cost-assumptions'))
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      '1 caller uses the table.',
      'Each active caller decrypts the table key about every 5 minutes.',
    ]);
    expect(screen.queryByText(/activeCallersPerTable/)).toBeNull();
    // The remediation command is shown whole in a code snippet (highlighted, so split across elements).
    const code = screen
      .getAllByText((_, el) => el?.tagName === 'CODE')
      .map(el => el.textContent);
    expect(code).toContain(
      `aws kms enable-key-rotation --key-id '${keyArn}' --region 'us-east-1'`,
    );
    // Compliance as evidence per control: the key policy defers to IAM, so key access is unknown.
    expect(screen.getByTestId('control-pci-dss-3.7.4')).toHaveTextContent(
      /evidence missing/,
    );
    expect(screen.getByTestId('control-pci-dss-3.6.1')).toHaveTextContent(
      /: unknown/,
    );
    expect(screen.queryByText(/meets every checked requirement/)).toBeNull();
    expect(
      screen.getByText(
        /Drift in kmsKeyId: The manifest names the key by alias/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('undetermined: The key policy delegates to IAM'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Key' })).toHaveAttribute(
      'href',
      `https://us-east-1.console.aws.amazon.com/kms/home?region=us-east-1#/kms/keys/${keyId}`,
    );
    expect(screen.getByRole('link', { name: 'Table' })).toHaveAttribute(
      'href',
      expect.stringContaining('name=orders'),
    );
  });
});
