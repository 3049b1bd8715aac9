import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { TableNameField, tableNameValidation } from './TableNameField';

/** The DynamoDbTableName field for the new frontend system's scaffolder. */
export const tableNameFormField = createFormField({
  name: 'DynamoDbTableName',
  component: TableNameField,
  validation: tableNameValidation,
});
