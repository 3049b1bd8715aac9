import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AdoptionObservation,
  AdoptionPreview,
  planAdoption,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen, waitFor } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import {
  AdoptionPreviewField,
  adoptionPreviewValidation,
} from './AdoptionPreviewField';

const ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
const ENTITY = 'resource:default/orders-111111111111-us-east-1';

/** The backend's answer for a table, from the one planner. */
function preview(
  description: AdoptionObservation['description'] = {},
): AdoptionPreview {
  return planAdoption(
    {
      table: {
        arn: ARN,
        name: 'orders',
        accountId: '111111111111',
        region: 'us-east-1',
      },
      description: {
        TableStatus: 'ACTIVE',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        ...description,
      },
      pointInTimeRecovery: { status: 'ENABLED', recoveryPeriodInDays: 7 },
      timeToLive: { status: 'DISABLED' },
      tags: {},
      resourcePolicy: null,
      refusals: [],
    },
    {
      entityRef: ENTITY,
      annotations: {
        'aws.amazon.com/dynamodb-table-arn': ARN,
        'dynamodb-encryption.io/discovered': 'true',
      },
      owner: 'group:default/orders-team',
    },
  );
}

async function renderField(previewAdoption: jest.Mock, entityRef = ENTITY) {
  await renderInTestApp(
    <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { previewAdoption }]]}>
      <AdoptionPreviewField
        {...({
          formContext: { formData: { entityRef } },
          uiSchema: {},
        } as any)}
      />
    </TestApiProvider>,
  );
}

describe('AdoptionPreviewField', () => {
  it('shows progress, then the files Create commits, how ACK adopts the table and what stays outside GitOps', async () => {
    let answer: (p: AdoptionPreview) => void = () => {};
    const previewAdoption = jest.fn(
      () => new Promise<AdoptionPreview>(r => (answer = r)),
    );
    await renderField(previewAdoption);
    expect(previewAdoption).toHaveBeenCalledWith(ENTITY);
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    const expected = preview();
    answer(expected);
    const application = await screen.findByTestId('adoption-application');
    await waitFor(() =>
      expect(application.querySelector('code')?.textContent).toBe(
        expected.files!.application,
      ),
    );
    expect(
      screen.getByTestId('adoption-catalog-info').querySelector('code')
        ?.textContent,
    ).toBe(expected.files!.catalogInfo);
    expect(screen.getByTestId('adoption-mechanism')).toHaveTextContent(
      'services.k8s.aws/adoption-policy: adopt-or-create',
    );
    expect(screen.getByTestId('adoption-mechanism')).toHaveTextContent(
      'resource:default/orders',
    );
    expect(screen.getByTestId('adoption-gaps')).toHaveTextContent(
      'a point-in-time recovery period of 7 days: kept as it is, outside GitOps.',
    );
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('says why a table cannot be adopted, and shows no files', async () => {
    const previewAdoption = jest.fn().mockResolvedValue(
      preview({
        GlobalSecondaryIndexes: [{ IndexName: 'by-customer' }],
      }),
    );
    await renderField(previewAdoption);
    const refusals = await screen.findByTestId('adoption-refusals');
    expect(refusals).toHaveTextContent(
      'global secondary index by-customer: the definitions cannot declare indexes, and ACK deletes every global secondary index its Table does not list',
    );
    expect(screen.getByTestId('adoption-gaps')).toHaveTextContent(
      'global secondary index by-customer: refused: ACK would change the table.',
    );
    expect(
      screen.queryByTestId('adoption-application'),
    ).not.toBeInTheDocument();
  });

  it('shows the backend’s error in its own words', async () => {
    const error = await ResponseError.fromResponse({
      status: 400,
      statusText: 'Bad Request',
      ok: false,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'InputError',
            message: `Invalid entityRef: ${ENTITY} is not a discovered table`,
          },
          response: { statusCode: 400 },
        }),
    } as Response);
    await renderField(jest.fn().mockRejectedValue(error));
    expect(
      await screen.findAllByText(
        `Invalid entityRef: ${ENTITY} is not a discovered table`,
      ),
    ).not.toHaveLength(0);
  });

  it('asks for a table first', async () => {
    const previewAdoption = jest.fn();
    await renderField(previewAdoption, '');
    expect(
      screen.getByText('Choose a discovered table first.'),
    ).toBeInTheDocument();
    expect(previewAdoption).not.toHaveBeenCalled();
  });

  it('blocks Create with each reason of a refused adoption, and lets an adoptable one through', async () => {
    const validate = async (answer: AdoptionPreview) => {
      const errors: string[] = [];
      await adoptionPreviewValidation(
        undefined,
        { addError: m => errors.push(m) },
        {
          apiHolder: {
            get: () => ({ previewAdoption: async () => answer }),
          } as any,
          formData: { entityRef: ENTITY },
        },
      );
      return errors;
    };
    expect(await validate(preview())).toEqual([]);
    expect(await validate(preview({ TableStatus: 'UPDATING' }))).toEqual([
      'the table is UPDATING, not ACTIVE: adopt it once it is ACTIVE',
    ]);
  });
});
