import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { PORTAL_TABLE_NAME_RULE } from '@dynamodb-encryption/backstage-plugin-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { TableNameField, tableNameValidation } from './TableNameField';

const taken = {
  tableName: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
  kubernetesName: 'orders',
  available: false,
  problems: [
    {
      field: 'tableName',
      message: 'a table named orders already exists in 111111111111/us-east-1',
    },
  ],
  unverified: [],
};

function holder(checkTableName: jest.Mock) {
  return {
    get: (ref: { id: string }) =>
      ref.id === dynamoDbEncryptionApiRef.id
        ? ({ checkTableName } as any)
        : undefined,
  } as any;
}

describe('tableNameValidation', () => {
  it('blocks Next with the backend’s reason', async () => {
    const checkTableName = jest.fn().mockResolvedValue(taken);
    const addError = jest.fn();
    await tableNameValidation(
      'orders',
      { addError },
      { apiHolder: holder(checkTableName), formData: { region: 'us-east-1' } },
    );
    expect(checkTableName).toHaveBeenCalledWith({
      tableName: 'orders',
      region: 'us-east-1',
      accountId: undefined,
    });
    expect(addError).toHaveBeenCalledWith(taken.problems[0].message);
  });

  it('leaves a name against the rule to the schema, asking nobody', async () => {
    const checkTableName = jest.fn();
    const addError = jest.fn();
    await tableNameValidation(
      'Bad Name!',
      { addError },
      { apiHolder: holder(checkTableName), formData: { region: 'us-east-1' } },
    );
    expect(checkTableName).not.toHaveBeenCalled();
    expect(addError).not.toHaveBeenCalled();
  });
});

describe('TableNameField', () => {
  it('asks the backend once typing pauses and shows the answer', async () => {
    const checkTableName = jest.fn().mockResolvedValue(taken);
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { checkTableName }]]}>
        <TableNameField
          {...({
            formData: 'orders',
            onChange,
            schema: {
              title: 'Table name',
              description: PORTAL_TABLE_NAME_RULE.words,
            },
            uiSchema: {},
            formContext: { formData: { region: 'us-east-1' } },
            idSchema: { $id: 'root_tableName' },
            rawErrors: [],
          } as any)}
        />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(screen.getByText(taken.problems[0].message)).toBeInTheDocument(),
    );
    expect(checkTableName).toHaveBeenCalledTimes(1);
    fireEvent.change(screen.getByLabelText('Table name'), {
      target: { value: 'orders2' },
    });
    expect(onChange).toHaveBeenCalledWith('orders2');
  });
});

/** The field as the form holds it: its value in state; the errors of the last Next kept until the next one. */
function InForm({ rawErrors }: { rawErrors: string[] }) {
  const [name, setName] = useState<string | undefined>('orders');
  return (
    <TableNameField
      {...({
        formData: name,
        onChange: setName,
        schema: {
          title: 'Table name',
          description: PORTAL_TABLE_NAME_RULE.words,
        },
        uiSchema: {},
        formContext: { formData: { region: 'us-east-1' } },
        idSchema: { $id: 'root_tableName' },
        rawErrors,
      } as any)}
    />
  );
}

describe('TableNameField after Next refused a name', () => {
  const free = (tableName: string) => ({
    ...taken,
    tableName,
    kubernetesName: tableName,
    available: true,
    problems: [],
  });

  it('drops the refusal once the new name’s check says it is free, and brings it back for the old name', async () => {
    const checkTableName = jest.fn(async ({ tableName }) =>
      tableName === 'orders' ? taken : free(tableName),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { checkTableName }]]}>
        <InForm rawErrors={[taken.problems[0].message]} />
      </TestApiProvider>,
    );
    const input = screen.getByLabelText('Table name');
    await waitFor(() =>
      expect(screen.getByText(taken.problems[0].message)).toBeInTheDocument(),
    );
    expect(input).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(input, { target: { value: 'orders-archive' } });
    // Until the new name is checked, the refusal stands.
    expect(screen.getByText(/orders already exists/)).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByText(/^Free in 111111111111\/us-east-1 and in the catalog/),
      ).toBeInTheDocument(),
    );
    expect(screen.queryByText(/already exists/)).toBeNull();
    expect(input).toHaveAttribute('aria-invalid', 'false');

    fireEvent.change(input, { target: { value: 'orders' } });
    await waitFor(() =>
      expect(screen.getByText(/orders already exists/)).toBeInTheDocument(),
    );
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('judges a changed name by its own check, not by the refusal of the name before', async () => {
    const otherTaken = {
      ...taken,
      tableName: 'ledger',
      problems: [
        {
          field: 'tableName',
          message:
            'a table named ledger already exists in 111111111111/us-east-1',
        },
      ],
    };
    const checkTableName = jest.fn(async ({ tableName }) =>
      tableName === 'orders' ? taken : otherTaken,
    );
    await renderInTestApp(
      <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { checkTableName }]]}>
        <InForm rawErrors={[taken.problems[0].message]} />
      </TestApiProvider>,
    );
    const input = screen.getByLabelText('Table name');
    fireEvent.change(input, { target: { value: 'ledger' } });
    await waitFor(() =>
      expect(screen.getByText(/ledger already exists/)).toBeInTheDocument(),
    );
    expect(screen.queryByText(/orders already exists/)).toBeNull();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });
});
