import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  editEncryptionTrait,
  encryptionTraitFor,
  KeyChangePreview,
  keySwitchHistory,
  unifiedDiff,
} from '@dynamodb-encryption/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import {
  KeyChangePreviewField,
  keyChangePreviewValidation,
  keyChangeRequestOf,
} from './KeyChangePreviewField';

const CMK =
  'arn:aws:kms:us-east-1:111111111111:key/11111111-1111-1111-1111-111111111111';
const manifest = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: orders
spec:
  components:
    - name: orders
      type: aws-dynamodb-kro
      properties:
        tableName: orders
      traits:
        - type: dynamodb-encryption-kro
          properties:
            sseType: AES256
`;
const now = new Date('2026-03-10T12:00:00Z');

/** The backend's answer, made with the same -common functions it uses. */
function preview(overrides: Partial<KeyChangePreview> = {}): KeyChangePreview {
  const edit = editEncryptionTrait(
    manifest,
    encryptionTraitFor('CUSTOMER_MANAGED', CMK),
  );
  return {
    entityRef: 'resource:default/orders',
    table: {
      arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
      name: 'orders',
      accountId: '111111111111',
      region: 'us-east-1',
    },
    manifestUrl: 'http://127.0.0.1:4580/apps/orders/application.yaml',
    diff: unifiedDiff(manifest, edit.ok ? edit.text : '', {
      path: 'apps/orders/application.yaml',
    }),
    changed: true,
    desired: { enabled: true, sseType: 'AES256' },
    current: {
      keyType: 'AWS_OWNED',
      monthlyUsd: 0,
      costLabel: '$0.00 / month',
    },
    proposed: {
      keyType: 'CUSTOMER_MANAGED',
      kmsKeyArn: CMK,
      aliases: ['alias/orders-data'],
      monthlyUsd: 1.03,
      costLabel: '$1.03 / month',
      basis:
        'Key fee split across the 1 table the latest scan found on this key',
    },
    switches: keySwitchHistory(
      [
        { at: '2026-03-09T00:00:00Z', keyType: 'AWS_OWNED' },
        {
          at: '2026-03-10T08:00:00Z',
          keyType: 'AWS_MANAGED',
          kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/aws',
          event: { name: 'UpdateTable', time: '2026-03-10T07:55:00Z' },
        },
      ],
      now,
      'CUSTOMER_MANAGED',
    ),
    refusals: [],
    notes: [],
    ...overrides,
  };
}

const form = {
  entityRef: 'resource:default/orders',
  keyChoice: 'CUSTOMER_MANAGED',
  kmsKeyArn: CMK,
};

async function renderField(
  previewKeyChange: jest.Mock,
  formData: Record<string, unknown> = form,
) {
  await renderInTestApp(
    <TestApiProvider apis={[[dynamoDbEncryptionApiRef, { previewKeyChange }]]}>
      <KeyChangePreviewField
        {...({ formContext: { formData }, uiSchema: {} } as any)}
      />
    </TestApiProvider>,
  );
}

describe('KeyChangePreviewField', () => {
  it('shows progress, then the diff with added and removed lines marked, the cost before and after and the switches', async () => {
    let answer: (p: KeyChangePreview) => void = () => {};
    const previewKeyChange = jest.fn(
      () => new Promise<KeyChangePreview>(r => (answer = r)),
    );
    await renderField(previewKeyChange);
    expect(previewKeyChange).toHaveBeenCalledWith(form);
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    answer(preview());
    const diff = await screen.findByTestId('key-change-diff');
    const marked = (kind: string) =>
      [...diff.querySelectorAll(`[data-kind="${kind}"]`)].map(
        l => l.textContent,
      );
    expect(marked('removed')).toEqual(['-            sseType: AES256']);
    // A default left out stays out: `enabled` is not written.
    expect(marked('added')).toEqual([
      '+            sseType: KMS',
      `+            kmsKeyId: ${CMK}`,
    ]);
    expect(marked('header')[0]).toBe('--- a/apps/orders/application.yaml');
    // Said in words too, for a screen reader: the colour is not the only mark.
    expect(
      diff.querySelector('[data-kind="removed"]')!.getAttribute('aria-label'),
    ).toBe('removed:             sseType: AES256');
    expect(getComputedStyle(diff).fontFamily).toBe('monospace');

    const cost = screen.getByTestId('key-change-cost');
    expect(cost).toHaveTextContent(
      'Estimated KMS cost now$0.00 / monthon the AWS owned key',
    );
    expect(cost).toHaveTextContent(
      'After the change$1.03 / monthon the Customer managed key alias/orders-data',
    );
    const switches = screen.getByTestId('key-change-switches');
    expect(switches).toHaveTextContent(
      "In the last 24 hours the portal saw 1 switch of this table's key.",
    );
    expect(switches).toHaveTextContent(
      '2026-03-10 07:55 UTC: the AWS owned key to the AWS managed key (UpdateTable)',
    );
    expect(screen.queryByTestId('key-change-refusals')).not.toBeInTheDocument();
  });

  it('says why the change is refused, before Create', async () => {
    const refused = preview({
      changed: false,
      diff: '',
      refusals: [
        {
          field: 'kmsKeyArn',
          message: `kmsKeyArn ${CMK}: the key is disabled; choose an enabled symmetric encryption key in 111111111111/us-east-1`,
        },
      ],
    });
    await renderField(jest.fn().mockResolvedValue(refused));
    expect(await screen.findByTestId('key-change-refusals')).toHaveTextContent(
      `The key cannot be changed this way:kmsKeyArn ${CMK}: the key is disabled`,
    );
    expect(screen.queryByTestId('key-change-diff')).not.toBeInTheDocument();
  });

  it("shows the backend's error in its own words", async () => {
    const error = await ResponseError.fromResponse({
      status: 404,
      statusText: 'Not Found',
      ok: false,
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: 'No entity resource:default/orders',
          },
          response: { statusCode: 404 },
        }),
    } as Response);
    await renderField(jest.fn().mockRejectedValue(error));
    expect(
      await screen.findAllByText('No entity resource:default/orders'),
    ).not.toHaveLength(0);
  });

  it('asks for the table and key first, without calling the backend', async () => {
    const previewKeyChange = jest.fn();
    await renderField(previewKeyChange, {
      entityRef: 'resource:default/orders',
      keyChoice: 'CUSTOMER_MANAGED',
    });
    expect(
      screen.getByText('Choose the table and its new key first.'),
    ).toBeInTheDocument();
    expect(previewKeyChange).not.toHaveBeenCalled();
  });
});

describe('keyChangeRequestOf', () => {
  it('sends a key only with a customer managed key', () => {
    expect(keyChangeRequestOf({ ...form, keyChoice: 'AWS_OWNED' })).toEqual({
      entityRef: 'resource:default/orders',
      keyChoice: 'AWS_OWNED',
    });
    expect(keyChangeRequestOf(form)).toEqual(form);
    expect(
      keyChangeRequestOf({ ...form, keyChoice: 'AES256' }),
    ).toBeUndefined();
  });
});

describe('keyChangePreviewValidation', () => {
  it('blocks Create with each refusal, and lets a clean change through', async () => {
    const addError = jest.fn();
    const api = {
      previewKeyChange: jest
        .fn()
        .mockResolvedValueOnce(
          preview({
            refusals: [
              {
                field: 'table',
                message: 'Table orders is still switching its key',
              },
            ],
          }),
        )
        .mockResolvedValueOnce(preview()),
    };
    const context = {
      apiHolder: { get: () => api } as any,
      formData: form,
    };
    await keyChangePreviewValidation(undefined, { addError }, context);
    expect(addError).toHaveBeenCalledWith(
      'Table orders is still switching its key',
    );
    addError.mockClear();
    await keyChangePreviewValidation(undefined, { addError }, context);
    expect(addError).not.toHaveBeenCalled();
  });
});
