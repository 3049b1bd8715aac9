import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  canDependOnDynamoDbTables,
  isDynamoDbEncryptionAvailable,
} from '../components/isDynamoDbEncryptionAvailable';

/** What protects a table entity's DynamoDB table, on its overview. */
export const encryptionCard = EntityCardBlueprint.make({
  name: 'encryption',
  params: {
    filter: isDynamoDbEncryptionAvailable,
    loader: () =>
      import('../components/EncryptionCard/EncryptionCard').then(m => (
        <m.EncryptionCard />
      )),
  },
});

/** The table entity's "Encryption" tab: key, cost, findings, compliance and drift. */
export const encryptionContent = EntityContentBlueprint.make({
  name: 'encryption',
  params: {
    path: '/dynamodb-encryption',
    title: 'Encryption',
    filter: isDynamoDbEncryptionAvailable,
    loader: () =>
      import('../components/EncryptionContent/EncryptionContent').then(m => (
        <m.EncryptionContent />
      )),
  },
});

/** The tables a Component or System depends on, with what protects each. */
export const dependentTablesCard = EntityCardBlueprint.make({
  name: 'tables',
  params: {
    filter: canDependOnDynamoDbTables,
    loader: () =>
      import('../components/DependentTablesCard/DependentTablesCard').then(
        m => <m.DependentTablesCard />,
      ),
  },
});

/** Every Tech Insights check on the table's (or its tables') encryption facts: passed, failed or not known. */
export const scorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: entity =>
      isDynamoDbEncryptionAvailable(entity) ||
      canDependOnDynamoDbTables(entity),
    loader: () =>
      import('../components/ScorecardCard/ScorecardCard').then(m => (
        <m.ScorecardCard />
      )),
  },
});
