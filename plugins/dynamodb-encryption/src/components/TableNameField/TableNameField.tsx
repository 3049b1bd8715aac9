import { ApiHolder, useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  TableNameCheck,
  tableNameProblem,
} from '@dynamodb-encryption/backstage-plugin-common';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  DynamoDbEncryptionApi,
  dynamoDbEncryptionApiRef,
} from '../../api/DynamoDbEncryptionApi';

/** The part of RJSF's field validation this field uses. */
type FieldValidation = { addError(message: string): void };

/** Options of the field: which form fields hold the table's region and account. */
export interface TableNameFieldUiOptions {
  regionField?: string;
  accountIdField?: string;
}

/** How long typing must pause before the backend is asked: one request per name, not per key stroke. */
export const TABLE_NAME_CHECK_DEBOUNCE_MS = 400;

function target(
  formData: Record<string, unknown> | undefined,
  options: TableNameFieldUiOptions = {},
) {
  const region = formData?.[options.regionField ?? 'region'] as
    | string
    | undefined;
  const accountId = formData?.[options.accountIdField ?? 'accountId'] as
    | string
    | undefined;
  return { region, accountId: accountId || undefined };
}

function verdict(check: TableNameCheck): string {
  const where = `${check.accountId}/${check.region}`;
  const text = check.available
    ? `Free in ${where} and in the catalog; its Application will be named ${check.kubernetesName}`
    : check.problems.map(p => p.message).join('; ');
  return [text, ...check.unverified].join('. ');
}

/**
 * The name the form's errors were reported for. The step's validation runs on Next only and the form keeps
 * its errors until the next Next, so once the name has changed they may be about another name.
 */
function useNameOfErrors(name: string | undefined, rawErrors?: string[]) {
  const errors = (rawErrors ?? []).join('\n');
  const [seen, setSeen] = useState({ errors, name });
  // Derived while rendering (not in an effect), so new errors are never judged by the name before.
  if (errors !== seen.errors) setSeen({ errors, name });
  return errors !== seen.errors ? name : seen.name;
}

/**
 * Scaffolder field `DynamoDbTableName`: the table name, checked while typing (after a pause) by the backend:
 * free in the chosen account and region and in the catalog, and its Kubernetes name used by no other table.
 * The name rule itself is the template schema's, in words. It shows its errors itself (the template sets
 * `ui:hideError`): the form's errors only while they are about the name in the field, so a name changed
 * after Next refused it is judged by its own check, not by the refusal of the one before.
 */
export function TableNameField(
  props: FieldExtensionComponentProps<string, TableNameFieldUiOptions>,
) {
  const { formData, onChange, rawErrors, required, schema, uiSchema } = props;
  const all = (props.formContext as { formData?: Record<string, unknown> })
    ?.formData;
  const { region, accountId } = target(all, uiSchema?.['ui:options']);
  const api = useApi(dynamoDbEncryptionApiRef);
  const [settled, setSettled] = useState(formData);
  useDebounce(() => setSettled(formData), TABLE_NAME_CHECK_DEBOUNCE_MS, [
    formData,
  ]);
  const ready = !!settled && !!region && !tableNameProblem(settled);
  const check = useAsync(
    async () =>
      ready
        ? api.checkTableName({
            tableName: settled!,
            region: region!,
            accountId,
          })
        : undefined,
    [api, ready, settled, region, accountId],
  );
  // The check of the name in the field (a finished check of an earlier name does not count).
  const current =
    check.value && !check.loading && check.value.tableName === formData
      ? check.value
      : undefined;
  const errorsName = useNameOfErrors(formData, rawErrors);
  const errors = current && errorsName !== formData ? [] : rawErrors ?? [];
  let helper = schema.description;
  const checkable = !!formData && !!region && !tableNameProblem(formData);
  if (checkable && (check.loading || settled !== formData))
    helper = `Checking ${formData} in AWS and the catalog…`;
  else if (check.error)
    helper = `Could not check the name: ${check.error.message}`;
  else if (current) helper = verdict(current);
  const unsaid = errors.filter(e => !helper?.includes(e));
  const taken = !!current && !current.available;
  return (
    <TextField
      id={props.idSchema?.$id ?? 'table-name'}
      label={schema.title ?? 'Table name'}
      required={required}
      fullWidth
      margin="normal"
      value={formData ?? ''}
      onChange={e => onChange(e.target.value || undefined)}
      error={errors.length > 0 || taken}
      helperText={
        <>
          {helper}
          {unsaid.map(e => (
            <span key={e} style={{ display: 'block' }}>
              {e}
            </span>
          ))}
        </>
      }
      inputProps={{ 'data-testid': 'table-name-input' }}
    />
  );
}

/**
 * Step validation: the backend's answer blocks Next with its reasons. A name against the rule is left to
 * the schema's own error (in words), so it is not said twice.
 */
export async function tableNameValidation(
  value: string | undefined,
  validation: FieldValidation,
  context: {
    apiHolder: ApiHolder;
    formData: Record<string, unknown>;
    uiSchema?: { 'ui:options'?: TableNameFieldUiOptions };
  },
) {
  if (!value || tableNameProblem(value)) return;
  const { region, accountId } = target(
    context.formData,
    context.uiSchema?.['ui:options'],
  );
  const api = context.apiHolder.get<DynamoDbEncryptionApi>(
    dynamoDbEncryptionApiRef,
  );
  if (!region || !api) return;
  const check = await api.checkTableName({
    tableName: value,
    region,
    accountId,
  });
  for (const problem of check.problems) validation.addError(problem.message);
}
