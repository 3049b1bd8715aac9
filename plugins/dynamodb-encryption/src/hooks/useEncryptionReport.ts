import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { dynamoDbEncryptionApiRef } from '../api/DynamoDbEncryptionApi';
import { isDynamoDbEncryptionAvailable } from '../components/isDynamoDbEncryptionAvailable';
import { useLiveAsync } from './useLiveAsync';

/**
 * The current entity's encryption report; no request when the entity has no table annotation. Read again,
 * quietly, when the fleet changes: the backend drops its cached report of a table an AWS event re-read.
 */
export function useEncryptionReport() {
  const { entity } = useEntity();
  const api = useApi(dynamoDbEncryptionApiRef);
  const available = isDynamoDbEncryptionAvailable(entity);
  const state = useLiveAsync(
    async () =>
      available
        ? api.getEncryptionReport(getCompoundEntityRef(entity))
        : undefined,
    [api, stringifyEntityRef(entity), available],
  );
  return { ...state, available };
}
