import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ApiHolder, useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  DynamoDbEncryptionApi,
  dynamoDbEncryptionApiRef,
} from '../../api/DynamoDbEncryptionApi';

/** What a form step's validation needs: a way to add an error. */
export type FieldValidation = { addError(message: string): void };

/** What a failed preview request says: the backend's message, else the error's. */
export function previewErrorMessage(e: unknown): string {
  const error = e as Partial<ResponseError> & { message?: string };
  return error.body?.error?.message ?? String(error.message ?? e);
}

/**
 * A template's "What Create will do" step: the backend's preview of `request` (read again only when the
 * request's JSON changes), with its loading state, its error in the backend's words, or what to choose first.
 */
export function PreviewSection<Req, Preview>(props: {
  label: string;
  request: Req | undefined;
  missing: string;
  load: (request: Req) => Promise<Preview>;
  render: (preview: Preview) => ReactNode;
}) {
  const { request, load } = props;
  const serialized = JSON.stringify(request ?? null);
  const preview = useAsync(
    async () => (request ? load(request) : undefined),
    // The request, serialized, is the dependency: a new object each render must not ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [serialized],
  );
  return (
    <section aria-label={props.label}>
      <Typography variant="h6">What Create will do</Typography>
      {!request && <Typography variant="body2">{props.missing}</Typography>}
      {preview.loading && <Progress />}
      {preview.error && (
        <ResponseErrorPanel
          error={preview.error}
          title={previewErrorMessage(preview.error)}
        />
      )}
      {preview.value && props.render(preview.value)}
    </section>
  );
}

/** Step validation from a preview: a failed request or each refusal blocks Create, in words. */
export async function validateFromPreview<Preview>(
  validation: FieldValidation,
  load: (() => Promise<Preview>) | undefined,
  refusals: (preview: Preview) => string[],
) {
  if (!load) return;
  const preview = await load().catch(e => {
    validation.addError(previewErrorMessage(e));
    return undefined;
  });
  for (const reason of preview ? refusals(preview) : [])
    validation.addError(reason);
}

/** What a preview field is: its request from the form, the backend call, its view and its refusals. */
export interface PreviewFieldSpec<Options, Req, Preview> {
  label: string;
  /** What to choose before there is anything to preview. */
  missing: string;
  requestOf: (
    formData: Record<string, unknown> | undefined,
    options?: Options,
  ) => Req | undefined;
  load: (api: DynamoDbEncryptionApi, request: Req) => Promise<Preview>;
  render: (preview: Preview) => ReactNode;
  refusals: (preview: Preview) => string[];
}

/**
 * A scaffolder preview field and its step validation from one spec: the field shows the backend's preview
 * of what the form asks; the validation blocks Create on a failed request or a refusal, in words.
 */
export function previewField<Options, Req, Preview>(
  spec: PreviewFieldSpec<Options, Req, Preview>,
) {
  function Field(props: FieldExtensionComponentProps<string, Options>) {
    const formData = (
      props.formContext as { formData?: Record<string, unknown> }
    )?.formData;
    const api = useApi(dynamoDbEncryptionApiRef);
    return (
      <PreviewSection
        label={spec.label}
        request={spec.requestOf(formData, props.uiSchema?.['ui:options'])}
        missing={spec.missing}
        load={(request: Req) => spec.load(api, request)}
        render={spec.render}
      />
    );
  }
  async function validation(
    _value: string | undefined,
    fieldValidation: FieldValidation,
    context: {
      apiHolder: ApiHolder;
      formData: Record<string, unknown>;
      uiSchema?: { 'ui:options'?: Options };
    },
  ) {
    const request = spec.requestOf(
      context.formData,
      context.uiSchema?.['ui:options'],
    );
    const api = context.apiHolder.get<DynamoDbEncryptionApi>(
      dynamoDbEncryptionApiRef,
    );
    await validateFromPreview(
      fieldValidation,
      request && api ? () => spec.load(api, request) : undefined,
      spec.refusals,
    );
  }
  return { Field, validation };
}
