import { CodeSnippet } from '@backstage/core-components';
import {
  AdoptionGap,
  AdoptionPreview,
  KEY_TYPE_LABELS,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { previewField } from '../PreviewSection/PreviewSection';

/** Options of the field: which form field holds the discovered table entity. */
export interface AdoptionPreviewFieldUiOptions {
  entityRefField?: string;
}

const EFFECTS: Record<AdoptionGap['effect'], string> = {
  refuses: 'refused: ACK would change the table',
  kept: 'kept as it is, outside GitOps',
  unchecked: 'not checked by the portal',
};

function entityRefOf(
  formData: Record<string, unknown> | undefined,
  options: AdoptionPreviewFieldUiOptions = {},
): string | undefined {
  const value = formData?.[options.entityRefField ?? 'entityRef'];
  return typeof value === 'string' && value ? value : undefined;
}

function Gaps({ gaps }: { gaps: AdoptionGap[] }) {
  if (!gaps.length)
    return (
      <Typography variant="body2" data-testid="adoption-gaps">
        The Application declares everything the portal read of the table.
      </Typography>
    );
  return (
    <Box data-testid="adoption-gaps">
      <Typography variant="subtitle2">
        What the Application cannot declare
      </Typography>
      <ul>
        {gaps.map(gap => (
          <li key={gap.feature}>
            <Typography variant="body2">
              <strong>{gap.feature}</strong>: {EFFECTS[gap.effect]}.{' '}
              {gap.consequence}.
            </Typography>
          </li>
        ))}
      </ul>
    </Box>
  );
}

function Files({ files }: { files: NonNullable<AdoptionPreview['files']> }) {
  return (
    <>
      {(
        [
          [
            'application',
            'Application',
            files.applicationPath,
            files.application,
          ],
          [
            'catalog-info',
            'Catalog entity',
            files.catalogInfoPath,
            files.catalogInfo,
          ],
        ] as const
      ).map(([kind, title, path, text]) => (
        <div key={kind}>
          <Typography variant="subtitle2">
            {title}: {path}
          </Typography>
          <div data-testid={`adoption-${kind}`}>
            <CodeSnippet
              text={text}
              language="yaml"
              showCopyCodeButton
              customStyle={{ fontSize: '0.8rem', overflowX: 'auto' }}
            />
          </div>
        </div>
      ))}
    </>
  );
}

/** One adoption preview: what Create commits, what the Application leaves out, or why it is refused. */
export function AdoptionPreviewView({ preview }: { preview: AdoptionPreview }) {
  const { table } = preview;
  return (
    <Box>
      <Typography data-testid="adoption-table">
        Table {table.name} in {table.accountId}, {table.region}
        {preview.keyType
          ? `, on the ${KEY_TYPE_LABELS[preview.keyType]} key`
          : ''}
      </Typography>
      {preview.refusals.length ? (
        <Alert severity="error" data-testid="adoption-refusals">
          <Typography variant="subtitle2">
            The table cannot be adopted as it is:
          </Typography>
          <ul>
            {preview.refusals.map(reason => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </Alert>
      ) : (
        <Typography variant="body2" data-testid="adoption-mechanism">
          The ACK controller adopts it ({preview.adoption.annotation}:{' '}
          {preview.adoption.policy}) without a write: the Application declares
          the table as it is. Once committed, it is {preview.declaredEntityRef}{' '}
          in the catalog, and its discovered entity goes.
        </Typography>
      )}
      <Gaps gaps={preview.gaps} />
      {preview.files && <Files files={preview.files} />}
    </Box>
  );
}

const adoption = previewField({
  label: 'Adoption preview',
  missing: 'Choose a discovered table first.',
  requestOf: entityRefOf,
  load: (api, ref: string) => api.previewAdoption(ref),
  render: (p: AdoptionPreview) => <AdoptionPreviewView preview={p} />,
  refusals: p => p.refusals,
});

/**
 * Scaffolder field `DynamoDbAdoptionPreview`: before Create, the backend's adoption preview of the chosen
 * discovered table (`POST /adopt/preview`), the same answer the `dynamodb:application:adopt` action
 * commits: the Application and catalog-info.yaml, what the definitions cannot declare with what happens to
 * it, or why the adoption is refused.
 */
export const AdoptionPreviewField = adoption.Field;

/** Step validation: a refused adoption blocks Create, with its reasons. */
export const adoptionPreviewValidation = adoption.validation;
