import { InfoCard, Table } from '@backstage/core-components';
import {
  EncryptionReport,
  monthlyCostLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { costAssumptionSentences } from './costAssumptions';

const useStyles = makeStyles(theme => ({
  assumptions: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

/** The monthly estimate, its lines and the assumptions behind them. */
export function CostSection({ report }: { report: EncryptionReport }) {
  const classes = useStyles();
  const cost = report.cost;
  if (!cost) return null;
  const upper = (
    cost as { upperBoundWithoutCaching?: { monthlyUsd: number; label: string } }
  ).upperBoundWithoutCaching;
  return (
    <InfoCard
      title={`Estimated KMS cost: ${monthlyCostLabel(cost)}`}
      subheader={[
        cost.unknown,
        cost.basis?.label,
        cost.billedToAccountId &&
        cost.billedToAccountId !== report.table.accountId
          ? `Billed to the key's account ${cost.billedToAccountId}`
          : undefined,
      ]
        .filter(Boolean)
        .join('. ')}
    >
      <Table
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={[
          { title: 'Item', field: 'item' },
          {
            title: 'USD / month',
            field: 'monthlyUsd',
            type: 'numeric',
            render: row => row.monthlyUsd.toFixed(4),
          },
        ]}
        data={cost.breakdown.map(b => ({ ...b }))}
      />
      {upper && (
        <Typography variant="body2">
          {upper.label}: ${upper.monthlyUsd.toFixed(2)} / month
        </Typography>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        Assumptions
      </Typography>
      <ul className={classes.assumptions} data-testid="cost-assumptions">
        {costAssumptionSentences(
          cost.assumptions,
          report.encryption.keyType,
        ).map(sentence => (
          <Typography key={sentence} variant="body2" component="li">
            {sentence}
          </Typography>
        ))}
      </ul>
    </InfoCard>
  );
}
