import {
  Content,
  ContentHeader,
  ErrorPanel,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  KEY_TYPE_LABELS,
  KEY_TYPES,
  SEVERITIES,
  UNOWNED_FINDING,
} from '@dynamodb-encryption/backstage-plugin-common';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';
import { useLiveAsync } from '../../hooks/useLiveAsync';
import { BarChart, Tile } from './charts';
import { EventsFreshness } from './EventsFreshness';
import { FleetAccessGate } from './FleetAccess';
import { FleetTable } from './FleetTable';
import { ScanCoverageWarnings } from './ScanCoverage';
import { ScopeNotice } from './ScopeNotice';
import { ScanStatus } from './ScanStatus';
import { FleetTrends } from './trends';
import { keyName, ownerName } from './format';
import { fleetSearch } from './useFleetQuery';

// How the store names the group of tables no catalog entity declares.
const UNOWNED_LABEL = '(unowned)';

const TITLE = 'DynamoDB encryption across the fleet';

/**
 * The platform dashboard: every scanned table of every configured account and region, for users with
 * `dynamodb-encryption.fleet.read`.
 *
 * @public
 */
export function FleetPage() {
  return (
    <FleetAccessGate title={TITLE}>
      <FleetDashboard />
    </FleetAccessGate>
  );
}

function FleetDashboard() {
  const api = useApi(dynamoDbEncryptionApiRef);
  const [refreshKey, setRefreshKey] = useState(0);
  // Read again when the fleet changes (AWS events, a scan), keeping the figures shown meanwhile.
  const {
    value: summary,
    loading,
    error,
  } = useLiveAsync(() => api.getFleetSummary(), [api, refreshKey]);
  if (error) return <ErrorPanel error={error} />;
  return (
    <Content>
      <ContentHeader title={TITLE} />
      {summary && (
        <EventsFreshness events={summary.events} accounts={summary.accounts} />
      )}
      {/* Above the figures: what the latest scan could not read is missing from all of them. */}
      {summary && <ScopeNotice scope={summary.scope} />}
      {summary && <ScanCoverageWarnings summary={summary} />}
      {loading && !summary ? (
        <Progress />
      ) : (
        summary && (
          <Grid container spacing={2}>
            <Grid item xs={12} md={3}>
              <Tile
                label="Tables"
                value={summary.tables}
                to={fleetSearch({})}
              />
            </Grid>
            <Grid item xs={12} md={3}>
              <Tile
                label="Customer managed"
                value={summary.byKeyType.CUSTOMER_MANAGED}
                to={fleetSearch({ keyType: 'CUSTOMER_MANAGED' })}
                caption={`${summary.byKeyType.AWS_MANAGED} AWS managed, ${summary.byKeyType.AWS_OWNED} AWS owned`}
              />
            </Grid>
            <Grid item xs={12} md={3}>
              <Tile
                label="Rotation coverage"
                value={
                  summary.rotation.eligible
                    ? `${Math.round(
                        (100 * summary.rotation.rotated) /
                          summary.rotation.eligible,
                      )}%`
                    : '—'
                }
                caption={`${summary.rotation.rotated} of ${summary.rotation.eligible} customer managed`}
                to={fleetSearch({
                  keyType: 'CUSTOMER_MANAGED',
                  rotation: 'disabled',
                })}
              />
            </Grid>
            <Grid item xs={12} md={3}>
              <Tile
                label="Estimated KMS cost"
                value={`$${summary.cost.monthlyUsd.toFixed(2)}`}
                caption="per month"
                to={fleetSearch({ sort: 'cost' })}
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <ScanStatus onFinished={() => setRefreshKey(k => k + 1)} />
            </Grid>
            <Grid item xs={12} md={4}>
              <BarChart
                title="Key types"
                bars={KEY_TYPES.map(k => ({
                  label: KEY_TYPE_LABELS[k],
                  value: summary.byKeyType[k],
                  to: fleetSearch({ keyType: k }),
                }))}
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <BarChart
                title="Tables by most severe finding"
                bars={SEVERITIES.map(s => ({
                  label: s,
                  value: summary.findings.bySeverity[s],
                  to: fleetSearch({ severity: s }),
                }))}
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <BarChart
                title="Cost by owner"
                unit="$"
                bars={summary.cost.byOwner.map(o => ({
                  label:
                    o.owner === UNOWNED_LABEL ? o.owner : ownerName(o.owner),
                  hint: o.owner,
                  value: o.monthlyUsd,
                  // Unowned tables carry the unowned finding; the owner filter needs an owner.
                  to: fleetSearch(
                    o.owner === UNOWNED_LABEL
                      ? { finding: UNOWNED_FINDING.id }
                      : { owner: o.owner },
                  ),
                }))}
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <BarChart
                title="Cost by key"
                unit="$"
                bars={summary.cost.byKey.map(k => ({
                  label: keyName(k),
                  hint: k.kmsKeyArn,
                  value: k.monthlyUsd,
                  to: fleetSearch({ kmsKeyArn: k.kmsKeyArn }),
                }))}
              />
            </Grid>
            <FleetTrends trend={summary.trend} />
            <Grid item xs={12}>
              <FleetTable refreshKey={refreshKey} summary={summary} />
            </Grid>
          </Grid>
        )
      )}
    </Content>
  );
}
