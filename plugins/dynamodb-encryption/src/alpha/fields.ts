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

/** The table name, checked with the backend while the developer types (`ui:field: DynamoDbTableName`). */
export const tableNameField = FormFieldBlueprint.make({
  name: 'table-name',
  params: {
    field: () =>
      import('../components/TableNameField/field').then(
        m => m.tableNameFormField,
      ),
  },
});

/** The review before Create: key type, estimated cost, and the files as they will be committed. */
export const tablePreviewField = FormFieldBlueprint.make({
  name: 'table-preview',
  params: {
    field: () =>
      import('../components/TablePreviewField/field').then(
        m => m.tablePreviewFormField,
      ),
  },
});

/** Changing a declared table's key: the Application's diff, the cost before and after, the switch limit. */
export const keyChangePreviewField = FormFieldBlueprint.make({
  name: 'key-change-preview',
  params: {
    field: () =>
      import('../components/KeyChangePreviewField/field').then(
        m => m.keyChangePreviewFormField,
      ),
  },
});

/** Adopting a discovered table: what Create commits, what the Application cannot declare, or why it is refused. */
export const adoptionPreviewField = FormFieldBlueprint.make({
  name: 'adoption-preview',
  params: {
    field: () =>
      import('../components/AdoptionPreviewField/field').then(
        m => m.adoptionPreviewFormField,
      ),
  },
});
