import { evaluateCompliance } from '@dynamodb-encryption/backstage-plugin-common';
import { render, screen, within } from '@testing-library/react';
import { ComplianceList } from './ComplianceList';

const table = {
  arn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
  name: 'orders',
  accountId: '111111111111',
  region: 'us-east-1',
};
const kmsKeyArn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';

describe('ComplianceList', () => {
  it('shows each control by its identifier and title, with the evidence or why it is unknown', () => {
    const encryption = {
      keyType: 'CUSTOMER_MANAGED' as const,
      kmsKeyArn,
      aliases: ['alias/orders-data'],
      keyState: 'Enabled',
      rotation: { enabled: false },
      keyPolicy: {
        verdict: 'undetermined' as const,
        reason: 'The key policy delegates to IAM',
      },
    };
    const { controls } = evaluateCompliance(table, encryption);
    render(
      <ComplianceList subject={{ table, encryption, compliance: controls }} />,
    );
    expect(screen.getByText('PCI DSS v4.0.1')).toBeInTheDocument();
    const rotation = screen.getByTestId('control-pci-dss-3.7.4');
    expect(rotation).toHaveTextContent(
      /^3\.7\.4 Key management policies .*cryptoperiod: evidence missing/,
    );
    expect(rotation).toHaveTextContent(/KeyRotationEnabled false/);
    const access = within(screen.getByTestId('control-pci-dss-3.6.1'));
    expect(access.getByText(/: unknown$/)).toBeInTheDocument();
    expect(
      access.getByText(/delegates to IAM: IAM policies, .* decide/),
    ).toBeInTheDocument();
    // Evidence, never a verdict.
    expect(screen.queryByText(/meets|not met/)).toBeNull();
  });

  it('derives the controls of a row stored with per-framework verdicts', () => {
    render(
      <ComplianceList
        subject={{
          table,
          encryption: { keyType: 'AWS_OWNED', aliases: [] },
          compliance: [
            { framework: 'HIPAA', passed: false, rules: [] } as unknown,
          ],
        }}
      />,
    );
    expect(
      screen.getByTestId('control-hipaa-164.312-a-2-iv'),
    ).toHaveTextContent(/Encryption and decryption: evidence present/);
    expect(screen.queryByText(/^HIPAA$/)).toBeNull();
  });
});
