import { ResponseError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  assessTable,
  DYNAMODB_TABLE_ARN_ANNOTATION,
  EncryptionReport,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import {
  DynamoDbEncryptionApi,
  dynamoDbEncryptionApiRef,
} from '../../api/DynamoDbEncryptionApi';
import { EncryptionCard } from './EncryptionCard';

const arn = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const keyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
const table = {
  arn,
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
  status: 'ACTIVE',
};

function entity(
  annotations: Record<string, string> = {
    [DYNAMODB_TABLE_ARN_ANNOTATION]: arn,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orders', namespace: 'default', annotations },
    spec: { type: 'dynamodb-table', owner: 'group:default/orders-team' },
  };
}

function report(partial: Partial<EncryptionReport>): EncryptionReport {
  return {
    table,
    encryption: { keyType: 'AWS_OWNED', aliases: [] },
    findings: [],
    drift: [],
    fetchedAt: '2026-11-30T00:00:00.000Z',
    stale: false,
    ...partial,
  };
}

async function renderCard(
  api: Partial<DynamoDbEncryptionApi>,
  e: Entity = entity(),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[dynamoDbEncryptionApiRef, api]]}>
      <EntityProvider entity={e}>
        <EncryptionCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

/** Not inside a collapsed part of the panel. */
function isVisible(element: HTMLElement): boolean {
  for (let e: HTMLElement | null = element; e; e = e.parentElement) {
    if (e.classList.contains('MuiCollapse-hidden')) return false;
  }
  return true;
}

describe('EncryptionCard', () => {
  it('shows a customer managed key with alias, ARN, state and rotation', async () => {
    const getEncryptionReport = jest.fn().mockResolvedValue(
      report({
        encryption: {
          keyType: 'CUSTOMER_MANAGED',
          kmsKeyArn: keyArn,
          aliases: ['alias/orders-data'],
          keyState: 'Enabled',
          rotation: {
            enabled: true,
            periodDays: 365,
            nextRotationDate: '2027-03-01T00:00:00.000Z',
          },
        },
        cost: { monthlyUsd: 1.0259, breakdown: [], assumptions: {} },
      }),
    );
    await renderCard({ getEncryptionReport });
    expect(await screen.findByText('Customer managed')).toBeInTheDocument();
    expect(screen.getByText('alias/orders-data')).toBeInTheDocument();
    expect(screen.getByText(keyArn)).toBeInTheDocument();
    expect(
      screen.getByText('Enabled, every 365 days, next 2027-03-01'),
    ).toBeInTheDocument();
    expect(screen.getByText('$1.03 / month')).toBeInTheDocument();
    expect(getEncryptionReport).toHaveBeenCalledWith({
      kind: 'Resource',
      namespace: 'default',
      name: 'orders',
    });
  });

  it('shows the AWS managed key and that AWS rotates it', async () => {
    await renderCard({
      getEncryptionReport: async () =>
        report({
          encryption: {
            keyType: 'AWS_MANAGED',
            kmsKeyArn: keyArn,
            aliases: ['alias/aws/dynamodb'],
            rotation: { enabled: true, periodDays: 365, managedByAws: true },
          },
        }),
    });
    expect(await screen.findByText('AWS managed')).toBeInTheDocument();
    expect(screen.getByText('Automatic, yearly (by AWS)')).toBeInTheDocument();
  });

  it('says the key type is unknown, why, and what to grant, with no cost guessed', async () => {
    const observation = {
      table,
      sse: { Status: 'ENABLED', KMSMasterKeyArn: keyArn },
      refusals: [
        {
          action: 'kms:DescribeKey',
          reason: 'access-denied' as const,
          resource: keyArn,
          callerAccountId: '111111111111',
        },
      ],
    };
    await renderCard({
      getEncryptionReport: async () => ({
        ...report({}),
        ...assessTable(observation),
      }),
    });
    expect(
      await screen.findByText('Unknown: AWS did not let the portal see'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Grant kms:DescribeKey on ${keyArn} to the portal's role in account 111111111111`,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Unknown').length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByText(/\$\d/)).not.toBeInTheDocument();
  });

  it('shows the AWS owned key', async () => {
    await renderCard({ getEncryptionReport: async () => report({}) });
    expect(await screen.findByText('AWS owned')).toBeInTheDocument();
    expect(
      screen.getByText('Managed by AWS (not visible in your account)'),
    ).toBeInTheDocument();
  });

  it('shows a disabled key as an error with its finding', async () => {
    await renderCard({
      getEncryptionReport: async () =>
        report({
          encryption: {
            keyType: 'CUSTOMER_MANAGED',
            kmsKeyArn: keyArn,
            aliases: [],
            keyState: 'Disabled',
            rotation: { enabled: false },
          },
          findings: [
            {
              id: 'key-disabled',
              severity: 'critical',
              title:
                'The customer managed key is disabled: the table becomes inaccessible',
            },
          ],
        }),
    });
    expect(
      await screen.findByText('Customer managed (Disabled)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/the table becomes inaccessible/),
    ).toBeInTheDocument();
  });

  it('shows a key pending deletion with its finding', async () => {
    await renderCard({
      getEncryptionReport: async () =>
        report({
          encryption: {
            keyType: 'CUSTOMER_MANAGED',
            kmsKeyArn: keyArn,
            aliases: ['alias/analytics-retired'],
            keyState: 'PendingDeletion',
            deletionDate: '2026-12-30T00:00:00.000Z',
          },
          findings: [
            {
              id: 'key-pending-deletion',
              severity: 'critical',
              title:
                'The customer managed key is scheduled for deletion on 2026-12-30',
            },
          ],
        }),
    });
    expect(
      await screen.findByText('Customer managed (PendingDeletion)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/scheduled for deletion on 2026-12-30/),
    ).toBeInTheDocument();
  });

  it('shows a partial report when AWS denied the KMS reads', async () => {
    await renderCard({
      getEncryptionReport: async () =>
        report({
          encryption: {
            keyType: 'CUSTOMER_MANAGED',
            kmsKeyArn: keyArn,
            aliases: [],
          },
          findings: [
            {
              id: 'kms-access-denied',
              severity: 'high',
              title:
                'The portal may not read the key (kms:DescribeKey denied): the report is partial',
            },
          ],
        }),
    });
    expect(await screen.findByText('Customer managed')).toBeInTheDocument();
    expect(screen.getByText(/kms:DescribeKey denied/)).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    await renderCard({ getEncryptionReport: () => new Promise(() => {}) });
    expect(await screen.findByTestId('encryption-loading')).toBeInTheDocument();
  });

  it('says how to add the annotation when it is missing, without calling the backend', async () => {
    const getEncryptionReport = jest.fn();
    await renderCard({ getEncryptionReport }, entity({}));
    expect(
      await screen.findByText('No DynamoDB table annotation'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(DYNAMODB_TABLE_ARN_ANNOTATION)),
    ).toBeInTheDocument();
    expect(getEncryptionReport).not.toHaveBeenCalled();
  });

  it('shows the backend error', async () => {
    await renderCard({
      getEncryptionReport: async () =>
        Promise.reject(
          new Error('table orders not found in 111111111111/us-east-1'),
        ),
    });
    expect(
      (
        await screen.findAllByText(
          /table orders not found in 111111111111\/us-east-1/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it("keeps the backend's words visible for a failed request, such as a refused Application", async () => {
    const reason =
      'table orders not found in 111111111111/us-east-1. The GitOps reconciler refused Application orders at commit 0123abcd: kmsKeyId: is required';
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: reason },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    await renderCard({
      getEncryptionReport: async () => Promise.reject(error),
    });
    const shown = await screen.findAllByText(
      new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
    expect(
      shown.some(e => e.closest('[hidden]') === null && isVisible(e)),
    ).toBe(true);
  });

  it('marks a stale report', async () => {
    await renderCard({
      getEncryptionReport: async () =>
        report({ stale: true, staleReason: 'AWS did not answer' }),
    });
    expect(
      await screen.findByText(
        'Stale: last read 2026-11-30T00:00:00.000Z (AWS did not answer)',
      ),
    ).toBeInTheDocument();
  });
});
