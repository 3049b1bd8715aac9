import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TablePreviewField } from './TablePreviewField';

/** The DynamoDbTablePreview field for the new frontend system's scaffolder. */
export const tablePreviewFormField = createFormField({
  name: 'DynamoDbTablePreview',
  component: TablePreviewField,
});
