import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** The scaffolder's live KMS key picker (`ui:field: KmsKeyPicker`). */
export const kmsKeyPickerField = FormFieldBlueprint.make({
  name: 'kms-key-picker',
  params: {
    field: () =>
      import('../components/KmsKeyPicker/field').then(
        m => m.kmsKeyPickerFormField,
      ),
  },
});
