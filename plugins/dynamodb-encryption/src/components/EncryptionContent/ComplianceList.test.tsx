import { evaluateCompliance } from '@internal/plugin-dynamodb-encryption-common';
import { render, screen } from '@testing-library/react';
import { ComplianceList } from './ComplianceList';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};

describe('ComplianceList', () => {
  it('says unknown, not "not met", when AWS did not show what protects the table', () => {
    const { frameworks } = evaluateCompliance(table, {
      keyType: 'UNKNOWN',
      aliases: [],
      undetermined: {
        reason: 'kms:DescribeKey was refused',
        grant: [
          {
            actions: ['kms:DescribeKey'],
            resource: '*',
            accountId: '111111111111',
          },
        ],
      },
    });
    render(<ComplianceList frameworks={frameworks} />);
    expect(
      screen.getByText(
        'HIPAA: unknown: AWS did not show what protects the table',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/requirements not met/)).toBeNull();
    expect(screen.getAllByText(/^\? .*\(unknown\)$/).length).toBeGreaterThan(0);
  });

  it('marks each requirement met or not met', () => {
    const { frameworks } = evaluateCompliance(table, {
      keyType: 'AWS_OWNED',
      aliases: [],
    });
    render(<ComplianceList frameworks={frameworks} />);
    expect(screen.getByText('HIPAA: requirements not met')).toBeInTheDocument();
    expect(screen.getAllByText(/^✗ /).length).toBeGreaterThan(0);
  });
});
