import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { FleetTrends, trendPoints } from './trends';

const scan = (scanId: number, rotated: number, customerManaged: number) => ({
  scanId,
  finishedAt: `2026-11-2${scanId}T06:00:00.000Z`,
  tables: 10,
  awsOwned: 10 - customerManaged,
  awsManaged: 0,
  customerManaged,
  rotated,
  severeFindings: 2,
  monthlyUsd: customerManaged,
});

describe('fleet trends', () => {
  it('gives one point per scan, rotation coverage as a percentage and none without customer managed keys', () => {
    const points = trendPoints([scan(1, 0, 0), scan(2, 3, 4)]);
    expect(points.map(p => [p.at, p.coverage])).toEqual([
      ['2026-11-21 06:00', null],
      ['2026-11-22 06:00', 75],
    ]);
    expect(points[1].monthlyUsd).toBe(4);
  });

  it('draws a chart for key types, rotation, severe findings and cost', async () => {
    await renderInTestApp(<FleetTrends trend={[]} />);
    for (const title of [
      'Key types over time',
      'Rotation coverage over time',
      'Critical and high findings over time',
      'Estimated KMS cost over time',
    ])
      expect(screen.getByText(title)).toBeInTheDocument();
    expect(screen.getAllByText('No complete scan yet.')).toHaveLength(4);
  });
});
