import {
  KEY_TYPE_LABELS,
  KeyChangePreview,
  KeyChangeRequest,
  KeyChangeSide,
  KEY_TYPES,
  KeyType,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { previewField } from '../PreviewSection/PreviewSection';
import { DiffView } from './DiffView';

/** Options of the field: which form fields hold the table entity, the key choice and the key. */
export interface KeyChangePreviewFieldUiOptions {
  entityRefField?: string;
  keyChoiceField?: string;
  kmsKeyArnField?: string;
}

/** The request the form's answers make, or undefined while one is missing. */
export function keyChangeRequestOf(
  formData: Record<string, unknown> | undefined,
  options: KeyChangePreviewFieldUiOptions = {},
): KeyChangeRequest | undefined {
  const entityRef = formData?.[options.entityRefField ?? 'entityRef'];
  const keyChoice = formData?.[options.keyChoiceField ?? 'keyChoice'];
  const kmsKeyArn = formData?.[options.kmsKeyArnField ?? 'kmsKeyArn'];
  if (typeof entityRef !== 'string' || !entityRef) return undefined;
  if (!KEY_TYPES.includes(keyChoice as KeyType)) return undefined;
  if (keyChoice !== 'CUSTOMER_MANAGED')
    return { entityRef, keyChoice: keyChoice as KeyType };
  if (typeof kmsKeyArn !== 'string' || !kmsKeyArn) return undefined;
  return { entityRef, keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn };
}

function keyName(side: KeyChangeSide): string {
  const label =
    side.keyType === 'UNKNOWN'
      ? 'an unknown key'
      : `the ${KEY_TYPE_LABELS[side.keyType]} key`;
  const name = side.aliases?.[0] ?? side.kmsKeyArn;
  return name && side.keyType === 'CUSTOMER_MANAGED'
    ? `${label} ${name}`
    : label;
}

function Cost({ title, side }: { title: string; side: KeyChangeSide }) {
  return (
    <Box>
      <Typography variant="caption" color="textSecondary">
        {title}
      </Typography>
      <Typography variant="body1">{side.costLabel}</Typography>
      <Typography variant="body2">on {keyName(side)}</Typography>
      {side.basis && (
        <Typography variant="caption" color="textSecondary" display="block">
          {side.basis}
        </Typography>
      )}
    </Box>
  );
}

/** One key change preview: refusals first, then the cost before and after, the diff and the switch limit. */
export function KeyChangePreviewView({
  preview,
}: {
  preview: KeyChangePreview;
}) {
  const { table, switches } = preview;
  return (
    <Box>
      <Typography data-testid="key-change-table">
        Table {table.name} in {table.accountId}, {table.region}
      </Typography>
      {preview.refusals.length > 0 && (
        <Alert severity="error" data-testid="key-change-refusals">
          <Typography variant="subtitle2">
            The key cannot be changed this way:
          </Typography>
          <ul>
            {preview.refusals.map(r => (
              <li key={r.message}>{r.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Box
        display="flex"
        flexWrap="wrap"
        my={2}
        style={{ gap: 48 }}
        data-testid="key-change-cost"
      >
        <Cost title="Estimated KMS cost now" side={preview.current} />
        <Cost title="After the change" side={preview.proposed} />
      </Box>
      {preview.changed && (
        <>
          <Typography variant="subtitle2">
            The Application against Git
            {preview.manifestUrl ? ` (${preview.manifestUrl})` : ''}
          </Typography>
          <DiffView diff={preview.diff} />
        </>
      )}
      <Box mt={2} data-testid="key-change-switches">
        <Typography variant="subtitle2">Recent key switches</Typography>
        <Typography variant="body2">{switches.note}</Typography>
        {switches.recent.length > 0 && (
          <ul>
            {switches.recent.map(s => (
              <li key={`${s.at}-${s.source}`}>
                <Typography variant="body2">
                  {s.at.slice(0, 16).replace('T', ' ')} UTC:{' '}
                  {keyName({ ...s.from, costLabel: '' })} to{' '}
                  {keyName({ ...s.to, costLabel: '' })} (
                  {s.source === 'event'
                    ? `${s.eventName ?? 'an AWS event'}`
                    : `seen by a scan${
                        s.seenAfter
                          ? `, after ${s.seenAfter
                              .slice(0, 16)
                              .replace('T', ' ')} UTC`
                          : ''
                      }`}
                  )
                </Typography>
              </li>
            ))}
          </ul>
        )}
      </Box>
      {preview.notes.map(note => (
        <Alert key={note} severity="info" style={{ marginTop: 8 }}>
          {note}
        </Alert>
      ))}
    </Box>
  );
}

const keyChange = previewField({
  label: 'Key change preview',
  missing: 'Choose the table and its new key first.',
  requestOf: keyChangeRequestOf,
  load: (api, r: KeyChangeRequest) => api.previewKeyChange(r),
  render: (p: KeyChangePreview) => <KeyChangePreviewView preview={p} />,
  refusals: p => p.refusals.map(r => r.message),
});

/**
 * Scaffolder field `DynamoDbKeyChangePreview`: before Create, the backend's preview of the key change
 * (`POST /key-change/preview`): the Application's diff against Git, the monthly cost before and after
 * from the one assessment, DynamoDB's limit on key switches with what the portal knows of this table's,
 * and why the change would be refused.
 */
export const KeyChangePreviewField = keyChange.Field;

/** Step validation: a refused key change blocks Create, with its reasons. */
export const keyChangePreviewValidation = keyChange.validation;
