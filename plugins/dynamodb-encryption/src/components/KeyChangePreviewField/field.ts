import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  KeyChangePreviewField,
  keyChangePreviewValidation,
} from './KeyChangePreviewField';

/** The DynamoDbKeyChangePreview field for the new frontend system's scaffolder. */
export const keyChangePreviewFormField = createFormField({
  name: 'DynamoDbKeyChangePreview',
  component: KeyChangePreviewField,
  validation: keyChangePreviewValidation as any,
});
