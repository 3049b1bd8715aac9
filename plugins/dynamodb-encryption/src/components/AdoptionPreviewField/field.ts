import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  AdoptionPreviewField,
  adoptionPreviewValidation,
} from './AdoptionPreviewField';

/** The DynamoDbAdoptionPreview field for the new frontend system's scaffolder. */
export const adoptionPreviewFormField = createFormField({
  name: 'DynamoDbAdoptionPreview',
  component: AdoptionPreviewField,
  validation: adoptionPreviewValidation as any,
});
