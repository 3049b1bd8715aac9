import { Table } from '@backstage/core-components';
import {
  KeyUseAnalysis,
  KeyUseEntry,
  keyUseActionsLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

const KIND_LABELS: Record<KeyUseEntry['kind'], string> = {
  'any-principal': 'any principal',
  account: 'whole account',
  'iam-principal': 'IAM principal',
  service: 'AWS service',
};

/**
 * "Who can use this key": each principal its policy and grants let use the key, what it may do, the
 * conditions narrowing it and where that comes from. What the analysis cannot tell is shown as undetermined.
 */
export function KeyUseTable({ keyUse }: { keyUse?: KeyUseAnalysis }) {
  if (!keyUse) return null;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">Who can use this key</Typography>
      <Table<{ id: number } & KeyUseEntry>
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={[
          {
            title: 'Principal',
            render: e => (
              <>
                {e.principal}
                <Typography variant="caption" component="div">
                  {KIND_LABELS[e.kind]}
                  {e.accountId ? ` · account ${e.accountId}` : ''}
                </Typography>
              </>
            ),
          },
          {
            title: 'May',
            render: e =>
              e.status === 'undetermined'
                ? `undetermined (${e.reason}): ${keyUseActionsLabel(e.actions)}`
                : keyUseActionsLabel(e.actions),
          },
          {
            title: 'Narrowed by',
            render: e =>
              e.conditions.length ? e.conditions.join('; ') : 'no condition',
          },
          { title: 'Source', field: 'source' },
        ]}
        data={keyUse.entries.map((e, id) => ({ id, ...e }))}
        emptyContent={
          <Typography variant="body2">
            No statement or grant lets anyone use the key.
          </Typography>
        }
      />
      {keyUse.undetermined.length > 0 && (
        <Typography variant="body2">
          Undetermined: {keyUse.undetermined.join('; ')}
        </Typography>
      )}
    </Box>
  );
}
