import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';

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
