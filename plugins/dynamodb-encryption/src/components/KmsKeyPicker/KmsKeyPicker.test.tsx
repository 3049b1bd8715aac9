import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { estimateKeyChoice } from '@dynamodb-encryption/backstage-plugin-common';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { KmsKeyPicker, kmsKeyPickerValidation } from './KmsKeyPicker';

const usable = {
  keyArn:
    'arn:aws:kms:us-east-1:111111111111:key/11111111-1111-1111-1111-111111111111',
  keyId: '11111111-1111-1111-1111-111111111111',
  aliases: ['alias/orders-data'],
  keyState: 'Enabled',
  rotation: { enabled: true },
  usable: true,
};
// As the backend serves it: the one assessment's estimate for a new table on the key.
const usableOption = {
  ...usable,
  estimate: estimateKeyChoice(usable, {
    accountId: '111111111111',
    region: 'us-east-1',
  }),
};
const disabled = {
  keyArn:
    'arn:aws:kms:us-east-1:111111111111:key/22222222-2222-2222-2222-222222222222',
  keyId: '22222222-2222-2222-2222-222222222222',
  aliases: [],
  keyState: 'Disabled',
  usable: false,
  reason: 'the key is disabled',
};

function renderPicker(
  formData: Record<string, unknown>,
  listKmsKeys = jest.fn().mockResolvedValue([usableOption, disabled]),
  value?: string,
) {
  const onChange = jest.fn();
  const props: any = {
    formData: value,
    onChange,
    rawErrors: [],
    required: true,
    schema: { title: 'Customer managed key' },
    uiSchema: { 'ui:options': {} },
    formContext: { formData },
    idSchema: { $id: 'root_kmsKeyArn' },
  };
  return {
    onChange,
    listKmsKeys,
    rendered: renderInTestApp(
      <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { listKmsKeys }]]}>
        <KmsKeyPicker {...props} />
      </TestApiProvider>,
    ),
  };
}

describe('KmsKeyPicker', () => {
  it('lists the keys of the chosen account and region, unusable ones disabled with the reason', async () => {
    const { listKmsKeys, onChange, rendered } = renderPicker({
      region: 'us-east-1',
      accountId: '111111111111',
    });
    await rendered;
    expect(listKmsKeys).toHaveBeenCalledWith({
      region: 'us-east-1',
      accountId: '111111111111',
    });
    fireEvent.mouseDown(await screen.findByRole('button'));
    const list = within(await screen.findByRole('listbox'));
    expect(
      list.getByText('alias/orders-data (rotation on)'),
    ).toBeInTheDocument();
    expect(
      list.getByText(`${disabled.keyId}: the key is disabled`).closest('li'),
    ).toHaveAttribute('aria-disabled', 'true');
    fireEvent.click(list.getByText('alias/orders-data (rotation on)'));
    expect(onChange).toHaveBeenCalledWith(usable.keyArn);
  });

  it('shows the rotation and estimated cost of the chosen key', async () => {
    const { rendered } = renderPicker(
      { region: 'us-east-1' },
      undefined,
      usable.keyArn,
    );
    await rendered;
    expect(
      await screen.findByText(/Rotates automatically\. About \$1\.03 a month/),
    ).toBeInTheDocument();
  });

  it('asks for the region first, without calling the backend', async () => {
    const { listKmsKeys, rendered } = renderPicker({});
    await rendered;
    expect(
      screen.getByText('Choose the table’s region first'),
    ).toBeInTheDocument();
    expect(listKmsKeys).not.toHaveBeenCalled();
  });

  it('says what to do when the keys cannot be listed', async () => {
    const { rendered } = renderPicker(
      { region: 'us-east-1' },
      jest.fn().mockRejectedValue(new Error('AccessDenied')),
    );
    await rendered;
    expect(
      await screen.findByText(
        /Could not list the keys: AccessDenied\. Check the portal's AWS access/,
      ),
    ).toBeInTheDocument();
  });
});

describe('kmsKeyPickerValidation', () => {
  it('accepts a key ARN and refuses aliases and key ids', () => {
    const addError = jest.fn();
    kmsKeyPickerValidation(usable.keyArn, { addError });
    expect(addError).not.toHaveBeenCalled();
    kmsKeyPickerValidation('alias/orders-data', { addError });
    kmsKeyPickerValidation(usable.keyId, { addError });
    expect(addError).toHaveBeenCalledTimes(2);
  });
});

describe('KmsKeyPicker on an existing table', () => {
  it("lists the keys of the entity's table account and region", async () => {
    const listKmsKeys = jest.fn().mockResolvedValue([usableOption]);
    const getEntityByRef = jest.fn().mockResolvedValue({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'orders',
        annotations: {
          'aws.amazon.com/dynamodb-table-arn':
            'arn:aws:dynamodb:eu-west-1:222222222222:table/orders',
        },
      },
    });
    const props: any = {
      formData: undefined,
      onChange: jest.fn(),
      rawErrors: [],
      schema: { title: 'Customer managed key' },
      uiSchema: { 'ui:options': { entityRefField: 'entityRef' } },
      // The form's own region and account are not the table's: the entity wins.
      formContext: {
        formData: { entityRef: 'resource:default/orders', region: 'us-east-1' },
      },
      idSchema: { $id: 'root_kmsKeyArn' },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [dynamoDbEncryptionApiRef, { listKmsKeys }],
          [catalogApiRef, { getEntityByRef }],
        ]}
      >
        <KmsKeyPicker {...props} />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(listKmsKeys).toHaveBeenCalledWith({
        region: 'eu-west-1',
        accountId: '222222222222',
      }),
    );
    expect(getEntityByRef).toHaveBeenCalledWith('resource:default/orders');
  });

  it('asks for the table first', async () => {
    const listKmsKeys = jest.fn();
    const props: any = {
      onChange: jest.fn(),
      rawErrors: [],
      schema: {},
      uiSchema: { 'ui:options': { entityRefField: 'entityRef' } },
      formContext: { formData: {} },
      idSchema: { $id: 'root_kmsKeyArn' },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [dynamoDbEncryptionApiRef, { listKmsKeys }],
          [catalogApiRef, { getEntityByRef: jest.fn() }],
        ]}
      >
        <KmsKeyPicker {...props} />
      </TestApiProvider>,
    );
    expect(screen.getByText('Choose the table first')).toBeInTheDocument();
    expect(listKmsKeys).not.toHaveBeenCalled();
  });
});
