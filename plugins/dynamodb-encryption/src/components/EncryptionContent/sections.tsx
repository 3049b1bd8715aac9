import {
  CodeSnippet,
  InfoCard,
  StructuredMetadataTable,
  Table,
} from '@backstage/core-components';
import {
  consoleUrls,
  EncryptionReport,
  EncryptionTraitProperties,
  expectedKeyType,
  KEY_TYPE_LABELS,
  parseTableArn,
  rotationLabel,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { ComplianceList } from './ComplianceList';
import { KeyUseTable } from './KeyUseTable';

const dash = (v: unknown) =>
  v === undefined || v === null || v === '' ? '—' : String(v);

/** Every detail of the key, with links to the AWS console. */
export function KeySection({ report }: { report: EncryptionReport }) {
  const e = report.encryption;
  const table = parseTableArn(report.table.arn);
  const links = table ? consoleUrls(table, e.kmsKeyArn) : undefined;
  return (
    <InfoCard title="Key">
      <StructuredMetadataTable
        metadata={{
          'Key type': KEY_TYPE_LABELS[e.keyType],
          'SSE status': dash(e.sseStatus),
          'Key ARN': dash(e.kmsKeyArn),
          Aliases: e.aliases.length ? e.aliases.join(', ') : '—',
          'Key state': e.deletionDate
            ? `${dash(e.keyState)} (deletion on ${e.deletionDate.slice(0, 10)})`
            : dash(e.keyState),
          'Key spec': dash(e.keySpec),
          Origin: dash(e.origin),
          'Multi-Region': dash(
            e.multiRegion === undefined
              ? undefined
              : { true: 'Yes', false: 'No' }[String(e.multiRegion)],
          ),
          Rotation: rotationLabel(e),
          'Key policy': e.keyPolicy
            ? `${e.keyPolicy.verdict}: ${e.keyPolicy.reason}`
            : '—',
          'Not visible': e.undetermined
            ? `${e.undetermined.reason}${e.undetermined.grant
                .map(
                  g =>
                    `; grant ${g.actions.join(', ')} on ${
                      g.resource
                    } (account ${g.accountId})`,
                )
                .join('')}`
            : '—',
          'Inaccessible since': e.inaccessibleSince
            ? `${e.inaccessibleSince} (archived on ${dash(e.archivalDate)})`
            : '—',
          'AWS console': (
            <Box display="flex" style={{ gap: 16 }}>
              {links && (
                <Link href={links.table} target="_blank" rel="noopener">
                  Table
                </Link>
              )}
              {links?.key && (
                <Link href={links.key} target="_blank" rel="noopener">
                  Key
                </Link>
              )}
            </Box>
          ),
        }}
      />
      <KeyUseTable keyUse={e.keyUse} />
    </InfoCard>
  );
}

/** Findings, most severe first, each with a command to copy. */
export function FindingsSection({ report }: { report: EncryptionReport }) {
  return (
    <InfoCard title={`Findings (${report.findings.length})`}>
      {report.findings.length === 0 && <Typography>No findings.</Typography>}
      {report.findings.map(f => (
        <Box key={f.id} mb={2}>
          <Typography variant="subtitle2">
            <Chip size="small" label={f.severity.toUpperCase()} /> {f.title}
          </Typography>
          {f.detail && <Typography variant="body2">{f.detail}</Typography>}
          {f.remediation && (
            <CodeSnippet
              text={f.remediation}
              language="bash"
              showCopyCodeButton
            />
          )}
        </Box>
      ))}
    </InfoCard>
  );
}

/** Each control of the catalogue, by standard: the evidence the table's encryption gives, or why not. */
export function ComplianceSection({ report }: { report: EncryptionReport }) {
  return (
    <InfoCard title="Compliance evidence">
      <ComplianceList subject={report} />
    </InfoCard>
  );
}

/** What the Application in Git asks for beside what AWS reports. */
export function DriftSection({ report }: { report: EncryptionReport }) {
  const d = report.desired;
  return (
    <InfoCard title="Desired (Git) vs actual (AWS)">
      {!d ? (
        <Typography variant="body2">
          This entity does not point to its Application manifest (annotation
          dynamodb-encryption.io/application-manifest), so the desired
          encryption is unknown.
        </Typography>
      ) : (
        <Table
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
          }}
          columns={[
            { title: 'Field', field: 'field' },
            { title: 'Desired (Git)', field: 'desired' },
            { title: 'Actual (AWS)', field: 'actual' },
          ]}
          data={[
            {
              field: 'Key type',
              desired:
                KEY_TYPE_LABELS[
                  expectedKeyType(d as EncryptionTraitProperties)
                ],
              actual: KEY_TYPE_LABELS[report.encryption.keyType],
            },
            {
              field: 'kmsKeyId',
              desired: dash(d.kmsKeyId),
              actual: dash(report.encryption.kmsKeyArn),
            },
          ]}
        />
      )}
      {report.drift.map(item => (
        <Typography key={item.field} variant="body2" color="error">
          Drift in {item.field}: {item.message}
        </Typography>
      ))}
    </InfoCard>
  );
}
