import { CopyTextButton } from '@backstage/core-components';
import {
  FleetAccount,
  FleetRow,
  rotationLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { ChangeKeyLink } from '../ChangeKeyButton/ChangeKeyButton';
import { ComplianceList } from '../EncryptionContent/ComplianceList';
import {
  accountLabel,
  keyName,
  OwnerName,
  SeverityChip,
  TimeAgo,
} from './format';

/** When AWS was read for the row, and whether an AWS event (not a scan) made it read. */
function ReadFromAws({ row }: { row: FleetRow }) {
  if (row.event) {
    return (
      <span title={row.readAt ? `Read from AWS at ${row.readAt}` : undefined}>
        updated by {row.event.name} <TimeAgo at={row.event.time} />
      </span>
    );
  }
  return row.readAt ? (
    <>
      by a scan, <TimeAgo at={row.readAt} />
    </>
  ) : (
    <>by a scan</>
  );
}

/**
 * Everything the row's cells leave out or shorten: where the table is, its key, rotation and owner (columns
 * only a wide screen has room for), each finding in full with its remediation, compliance evidence, the ARNs.
 */
export function RowDetails({
  row,
  accounts,
}: {
  row: FleetRow;
  accounts?: FleetAccount[];
}) {
  const facts: [string, ReactNode][] = [
    ['Account', accountLabel(row.table.accountId, accounts)],
    ['Region', row.table.region],
    ['Key', keyName(row.encryption)],
    ['Rotation', rotationLabel(row.encryption, { compact: true })],
    ['Owner', <OwnerName owner={row.owner} />],
    ['Read from AWS', <ReadFromAws row={row} />],
  ];
  return (
    <Box px={3} py={2} data-testid={`fleet-row-details-${row.table.name}`}>
      {/* The columns a screen under 1,920 px has no room for, read across like the columns they replace. */}
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 32 }}>
        {facts.map(([label, value]) => (
          <div key={label}>
            <Typography variant="caption" color="textSecondary">
              {label}
            </Typography>
            <Typography variant="body2" component="div">
              {value}
            </Typography>
          </div>
        ))}
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <Typography variant="subtitle2" gutterBottom>
            Findings
          </Typography>
          {row.findings.length === 0 && (
            <Typography variant="body2">None.</Typography>
          )}
          {row.findings.map(f => (
            <Box key={f.id} mb={1.5}>
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <SeverityChip severity={f.severity} />
                <Typography variant="body2">{f.title}</Typography>
              </Box>
              {f.detail && (
                <Typography variant="body2" color="textSecondary">
                  {f.detail}
                </Typography>
              )}
              {f.remediation && (
                <Box display="flex" alignItems="center">
                  <Typography
                    component="pre"
                    variant="caption"
                    style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  >
                    {f.remediation}
                  </Typography>
                  <CopyTextButton text={f.remediation} />
                </Box>
              )}
            </Box>
          ))}
        </Grid>
        <Grid item xs={12} md={4}>
          <Typography variant="subtitle2" gutterBottom>
            Compliance
          </Typography>
          {/* As the scan's assessment gave it (derived from the row's facts only for rows stored before). */}
          <ComplianceList subject={row} />
          <Typography
            variant="subtitle2"
            gutterBottom
            style={{ marginTop: 12 }}
          >
            Identifiers
          </Typography>
          <Typography
            variant="caption"
            display="block"
            style={{ wordBreak: 'break-all' }}
          >
            {row.table.arn}
          </Typography>
          {row.encryption.kmsKeyArn && (
            <Typography
              variant="caption"
              display="block"
              style={{ wordBreak: 'break-all' }}
            >
              {row.encryption.kmsKeyArn}
            </Typography>
          )}
          {/* A declared table changes its key through Git; a discovered one is adopted first. */}
          {row.entityRef && <ChangeKeyLink entityRef={row.entityRef} />}
        </Grid>
      </Grid>
    </Box>
  );
}
