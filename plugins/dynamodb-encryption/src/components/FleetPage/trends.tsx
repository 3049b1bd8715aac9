import { InfoCard } from '@backstage/core-components';
import {
  FleetSummary,
  KEY_TYPE_LABELS,
} from '@dynamodb-encryption/backstage-plugin-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** One point per retained scan, with rotation coverage as a percentage. */
export function trendPoints(trend: FleetSummary['trend']) {
  return trend.map(t => ({
    ...t,
    at: t.finishedAt.slice(0, 16).replace('T', ' '),
    coverage: t.customerManaged
      ? Math.round((100 * t.rotated) / t.customerManaged)
      : null,
  }));
}

type Point = ReturnType<typeof trendPoints>[number];

function TrendChart(props: {
  title: string;
  points: Point[];
  lines: { key: keyof Point; name: string; color: string }[];
  unit?: string;
  domain?: [number, number];
}) {
  return (
    <InfoCard title={props.title}>
      {props.points.length === 0 ? (
        <Typography variant="body2">No complete scan yet.</Typography>
      ) : (
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={props.points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="at" tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis
              allowDecimals={props.unit === '$'}
              domain={props.domain ?? [0, 'auto']}
              tickFormatter={v =>
                props.unit === '$' ? `$${v}` : `${v}${props.unit ?? ''}`
              }
              width={48}
            />
            <Tooltip />
            {props.lines.length > 1 && <Legend />}
            {props.lines.map(l => (
              <Line
                key={String(l.key)}
                type="monotone"
                dataKey={String(l.key)}
                name={l.name}
                stroke={l.color}
                dot={props.points.length < 20}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </InfoCard>
  );
}

/** Time series over the retained scans: key types, rotation coverage, severe findings, estimated cost. */
export function FleetTrends({ trend }: { trend: FleetSummary['trend'] }) {
  const theme = useTheme();
  const points = trendPoints(trend);
  const charts = [
    {
      title: 'Key types over time',
      lines: [
        {
          key: 'awsOwned',
          name: KEY_TYPE_LABELS.AWS_OWNED,
          color: theme.palette.grey[500],
        },
        {
          key: 'awsManaged',
          name: KEY_TYPE_LABELS.AWS_MANAGED,
          color: theme.palette.info.main,
        },
        {
          key: 'customerManaged',
          name: KEY_TYPE_LABELS.CUSTOMER_MANAGED,
          color: theme.palette.primary.main,
        },
      ],
    },
    {
      title: 'Rotation coverage over time',
      unit: '%',
      domain: [0, 100] as [number, number],
      lines: [
        {
          key: 'coverage',
          name: 'Customer managed keys rotating',
          color: theme.palette.success.main,
        },
      ],
    },
    {
      title: 'Critical and high findings over time',
      lines: [
        {
          key: 'severeFindings',
          name: 'Tables with critical or high findings',
          color: theme.palette.error.main,
        },
      ],
    },
    {
      title: 'Estimated KMS cost over time',
      unit: '$',
      lines: [
        {
          key: 'monthlyUsd',
          name: 'USD per month',
          color: theme.palette.secondary.main,
        },
      ],
    },
  ] as const;
  return (
    <>
      {charts.map(c => (
        <Grid item xs={12} md={6} key={c.title}>
          <TrendChart
            title={c.title}
            points={points}
            lines={
              c.lines as unknown as {
                key: keyof Point;
                name: string;
                color: string;
              }[]
            }
            unit={'unit' in c ? c.unit : undefined}
            domain={'domain' in c ? c.domain : undefined}
          />
        </Grid>
      ))}
    </>
  );
}
