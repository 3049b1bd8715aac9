export * from '@dynamodb-encryption/backstage-plugin-node/testUtils';
