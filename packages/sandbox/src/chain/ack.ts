import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** The parts of an ACK dynamodb.services.k8s.aws/v1alpha1 Table that this chain reconciles. */
export interface AckTable {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    tableName: string;
    billingMode?: string;
    provisionedThroughput?: {
      readCapacityUnits?: number;
      writeCapacityUnits?: number;
    };
    attributeDefinitions: { attributeName: string; attributeType: string }[];
    keySchema: { attributeName: string; keyType: string }[];
    sseSpecification?: {
      enabled?: boolean;
      sseType?: string;
      kmsMasterKeyID?: string;
    };
    deletionProtectionEnabled?: boolean;
    continuousBackups?: { pointInTimeRecoveryEnabled?: boolean };
    streamSpecification?: { streamEnabled?: boolean; streamViewType?: string };
    tags?: { key: string; value: string }[];
  };
}

/** The region ACK creates the table in (its region annotation). */
export function ackRegion(table: AckTable): string | undefined {
  return table.metadata.annotations?.['services.k8s.aws/region'];
}

/**
 * What the ACK controller sends to CreateTable for a Table spec: its fields renamed to the API's, unset
 * fields left out (ACK's `kmsMasterKeyID` becomes the API's `KMSMasterKeyId`).
 */
export function createTableInput(table: AckTable): CreateTableCommandInput {
  const s = table.spec;
  const sse = s.sseSpecification;
  const stream = s.streamSpecification;
  return {
    TableName: s.tableName,
    BillingMode: s.billingMode as CreateTableCommandInput['BillingMode'],
    ProvisionedThroughput: s.provisionedThroughput && {
      ReadCapacityUnits: s.provisionedThroughput.readCapacityUnits,
      WriteCapacityUnits: s.provisionedThroughput.writeCapacityUnits,
    },
    AttributeDefinitions: s.attributeDefinitions.map(a => ({
      AttributeName: a.attributeName,
      AttributeType: a.attributeType as 'S' | 'N' | 'B',
    })),
    KeySchema: s.keySchema.map(k => ({
      AttributeName: k.attributeName,
      KeyType: k.keyType as 'HASH' | 'RANGE',
    })),
    SSESpecification: sse && {
      Enabled: sse.enabled,
      ...(sse.sseType !== undefined ? { SSEType: sse.sseType as 'KMS' } : {}),
      ...(sse.kmsMasterKeyID !== undefined
        ? { KMSMasterKeyId: sse.kmsMasterKeyID }
        : {}),
    },
    DeletionProtectionEnabled: s.deletionProtectionEnabled,
    StreamSpecification: stream?.streamEnabled
      ? {
          StreamEnabled: true,
          StreamViewType: stream.streamViewType as 'NEW_AND_OLD_IMAGES',
        }
      : undefined,
    Tags: s.tags?.length
      ? s.tags.map(t => ({ Key: t.key, Value: t.value }))
      : undefined,
  };
}
