export * from '@internal/plugin-dynamodb-encryption-node/testUtils';
