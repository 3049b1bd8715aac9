import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { TablePreviewField } from './TablePreviewField';

const application = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: orders
`;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('TablePreviewField', () => {
  it('shows the files the task will commit as highlighted YAML, whole', async () => {
    const dryRun = jest.fn().mockResolvedValue({
      directoryContents: [
        {
          path: 'apps/orders/application.yaml',
          base64Content: base64(application),
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [scaffolderApiRef, { dryRun }],
          [
            catalogApiRef,
            { getEntityByRef: async () => ({ kind: 'Template' } as any) },
          ],
          [
            dynamoDbEncryptionApiRef,
            {
              getKeyChoices: async () =>
                ({
                  choices: { AWS_OWNED: { label: 'Free' } },
                  items: [],
                } as any),
            },
          ],
        ]}
      >
        <TablePreviewField
          {...({
            formContext: {
              formData: { region: 'us-east-1', keyChoice: 'AWS_OWNED' },
            },
            uiSchema: {},
          } as any)}
        />
      </TestApiProvider>,
    );
    const preview = await screen.findByTestId('preview-application');
    await waitFor(() =>
      expect(preview.querySelector('code.language-yaml')).not.toBeNull(),
    );
    expect(preview.querySelector('code')!.textContent).toBe(application);
    expect(
      within(preview).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('preview-cost')).toHaveTextContent(
      'Estimated KMS cost: Free',
    );
  });
});
