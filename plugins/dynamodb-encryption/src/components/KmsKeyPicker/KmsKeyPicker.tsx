import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/** The part of RJSF's field validation this field uses. */
type FieldValidation = { addError(message: string): void };
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  KmsKeyOption,
  parseKmsKeyReference,
  parseTableArn,
} from '@dynamodb-encryption/backstage-plugin-common';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';

/**
 * Options of the KmsKeyPicker field: which form fields hold the table's region and account, or (for a table
 * that exists) which holds its entity, whose table ARN gives both.
 */
export interface KmsKeyPickerUiOptions {
  regionField?: string;
  accountIdField?: string;
  entityRefField?: string;
}

/** The region and account of the table the form's entity names (its ARN annotation). */
function useEntityTable(entityRef: string | undefined) {
  const catalog = useApiHolder().get(catalogApiRef);
  return useAsync(async () => {
    if (!entityRef || !catalog) return undefined;
    const entity = await catalog.getEntityByRef(entityRef);
    const arn = entity?.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION];
    return (arn && parseTableArn(arn)) || null;
  }, [catalog, entityRef]);
}

function label(key: KmsKeyOption): string {
  const name = key.aliases[0] ?? key.keyId;
  const rotation = `rotation ${
    { true: 'on', false: 'off' }[String(key.rotation?.enabled)] ?? 'unknown'
  }`;
  return key.usable ? `${name} (${rotation})` : `${name}: ${key.reason}`;
}

function describe(key: KmsKeyOption): string {
  const rotation = key.rotation?.enabled
    ? 'Rotates automatically'
    : 'Does not rotate automatically (enable it before production)';
  // The estimate is the backend's: the one assessment with the configured prices.
  return [rotation, key.estimate?.label, key.keyArn].filter(Boolean).join('. ');
}

/**
 * Scaffolder field: picks a customer managed key of the account and region chosen earlier in the form, from
 * the backend's live `GET /kms-keys`. Usable keys come first; the others are shown disabled with the reason.
 * Its value is the key ARN, as the ACK controller needs it.
 */
export function KmsKeyPicker(
  props: FieldExtensionComponentProps<string, KmsKeyPickerUiOptions>,
) {
  const {
    formData,
    onChange,
    rawErrors,
    required,
    schema,
    uiSchema,
    formContext,
    idSchema,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const all = ((formContext as { formData?: Record<string, unknown> })
    ?.formData ?? {}) as Record<string, unknown>;
  const entityRef = options.entityRefField
    ? (all[options.entityRefField] as string | undefined)
    : undefined;
  const table = useEntityTable(entityRef);
  const region = options.entityRefField
    ? table.value?.region
    : (all[options.regionField ?? 'region'] as string | undefined);
  const accountId = options.entityRefField
    ? table.value?.accountId
    : (all[options.accountIdField ?? 'accountId'] as string | undefined);
  const api = useApi(dynamoDbEncryptionApiRef);
  const {
    value: keys,
    loading,
    error,
  } = useAsync(
    async () =>
      region
        ? api.listKmsKeys({ region, accountId: accountId || undefined })
        : undefined,
    [api, region, accountId],
  );
  const selected = keys?.find(k => k.keyArn === formData);
  let helper =
    schema.description ??
    'A customer managed key in the table’s account and region';
  let missing = 'Choose the table’s region first';
  if (options.entityRefField)
    missing =
      table.value === null
        ? 'The chosen entity names no DynamoDB table'
        : 'Choose the table first';
  if (!region) helper = missing;
  else if (loading)
    helper = `Loading the keys of ${
      accountId ?? 'the default account'
    } in ${region}…`;
  else if (error)
    helper = `Could not list the keys: ${error.message}. Check the portal's AWS access, then reload.`;
  else if (keys && keys.length === 0)
    helper = `No customer managed key in ${region}: create one (aws kms create-key) or choose another key type`;
  else if (selected) helper = describe(selected);
  const id = idSchema?.$id ?? 'kms-key-picker';
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={required}
      error={!!rawErrors?.length || !!error}
      disabled={!region || loading}
    >
      <InputLabel id={`${id}-label`}>
        {schema.title ?? 'Customer managed KMS key'}
      </InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value as string)}
      >
        {(keys ?? []).map(key => (
          <MenuItem key={key.keyArn} value={key.keyArn} disabled={!key.usable}>
            {label(key)}
          </MenuItem>
        ))}
      </Select>
      <FormHelperText>{helper}</FormHelperText>
    </FormControl>
  );
}

/** The picker's value must be a key ARN: aliases and key ids make the ACK controller update the table forever. */
export function kmsKeyPickerValidation(
  value: string | undefined,
  validation: FieldValidation,
) {
  if (!value) return;
  const ref = parseKmsKeyReference(value);
  if (ref?.form !== 'keyArn')
    validation.addError('must be the ARN of a customer managed KMS key');
}
