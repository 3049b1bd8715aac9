import { parseEntityRef } from '@backstage/catalog-model';
import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  FieldExtensionComponentProps,
  scaffolderApiRef,
} from '@backstage/plugin-scaffolder-react';
import {
  KEY_TYPE_LABELS,
  KeyType,
} from '@dynamodb-encryption/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { previewFiles } from './previewFiles';

/** Options of the field: the template to dry-run (this template, as the catalog has it). */
export interface TablePreviewFieldUiOptions {
  templateRef?: string;
}

/**
 * Scaffolder field `DynamoDbTablePreview`: before Create, what the task will do. The key type in words,
 * the estimated monthly KMS cost (the backend's, from the one assessment with the configured prices), and
 * the Application and catalog-info.yaml from the scaffolder's dry run of this very template with these
 * values: the same actions render them, so they are the files the task commits.
 */
export function TablePreviewField(
  props: FieldExtensionComponentProps<string, TablePreviewFieldUiOptions>,
) {
  const values = ((props.formContext as { formData?: Record<string, unknown> })
    ?.formData ?? {}) as Record<string, any>;
  const templateRef =
    props.uiSchema?.['ui:options']?.templateRef ??
    'template:default/encrypted-dynamodb-table';
  const scaffolder = useApi(scaffolderApiRef);
  const catalog = useApi(catalogApiRef);
  const api = useApi(dynamoDbEncryptionApiRef);
  const keyType = values.keyChoice as KeyType | undefined;
  const serialized = JSON.stringify(values);

  const cost = useAsync(async () => {
    if (!keyType || !values.region) return undefined;
    const { choices, items } = await api.getKeyChoices({
      region: values.region,
      accountId: values.accountId || undefined,
    });
    if (keyType === 'CUSTOMER_MANAGED')
      return items.find(k => k.keyArn === values.kmsKeyArn)?.estimate;
    return choices[keyType];
  }, [api, keyType, values.region, values.accountId, values.kmsKeyArn]);

  const files = useAsync(async () => {
    const template = await catalog.getEntityByRef(parseEntityRef(templateRef));
    if (!template) throw new Error(`No template ${templateRef} in the catalog`);
    const result = await scaffolder.dryRun({
      template: template as any,
      values: JSON.parse(serialized),
      secrets: {},
      directoryContents: [],
    });
    return previewFiles(result.directoryContents);
    // The values, serialized, are the dependency: a new object each render must not re-run the dry run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scaffolder, catalog, templateRef, serialized]);

  return (
    <section aria-label="Preview">
      <Typography variant="h6">What Create will do</Typography>
      <Typography data-testid="preview-key-type">
        Key: {keyType ? KEY_TYPE_LABELS[keyType] : 'not chosen'}
      </Typography>
      <Typography data-testid="preview-cost">
        Estimated KMS cost: {cost.loading && 'estimating…'}
        {cost.error && `unknown (${cost.error.message})`}
        {!cost.loading && !cost.error && (cost.value?.label ?? 'unknown')}
      </Typography>
      {files.loading && <Progress />}
      {files.error && <ResponseErrorPanel error={files.error} />}
      {files.value?.map(file => (
        <div key={file.path}>
          <Typography variant="subtitle2">
            {file.title}: {file.path}
          </Typography>
          <div data-testid={`preview-${file.kind}`}>
            <CodeSnippet
              text={file.text}
              language="yaml"
              showCopyCodeButton
              customStyle={{ fontSize: '0.8rem', overflowX: 'auto' }}
            />
          </div>
        </div>
      ))}
    </section>
  );
}
