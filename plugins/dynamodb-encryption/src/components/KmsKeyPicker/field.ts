import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { KmsKeyPicker, kmsKeyPickerValidation } from './KmsKeyPicker';

/** The KmsKeyPicker field for the new frontend system's scaffolder. */
export const kmsKeyPickerFormField = createFormField({
  name: 'KmsKeyPicker',
  component: KmsKeyPicker,
  validation: kmsKeyPickerValidation,
});
