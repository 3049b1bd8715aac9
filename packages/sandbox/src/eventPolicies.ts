/**
 * The resource policies of the events path (docs/events.md shows them for an organization on AWS; the
 * sandbox sets the same, though moto enforces neither).
 */

/** The central bus takes events from the organization's accounts only. */
export function busPolicy(busArn: string, organizationId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OrganizationAccountsForwardEvents',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: busArn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      },
    ],
  };
}

/** The queue takes messages from EventBridge on behalf of the central bus's rules only. */
export function queuePolicy(
  queueArn: string,
  accountId: string,
  ruleArns: string[],
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CentralBusRulesSendEvents',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: {
          ArnEquals: { 'aws:SourceArn': ruleArns },
          StringEquals: { 'aws:SourceAccount': accountId },
        },
      },
    ],
  };
}
