import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dynamoDbEncryptionApiRef } from '../api/DynamoDbEncryptionApi';
import { isDynamoDbEncryptionAvailable } from '../components/isDynamoDbEncryptionAvailable';

/** The current entity's encryption report; no request when the entity has no table annotation. */
export function useEncryptionReport() {
  const { entity } = useEntity();
  const api = useApi(dynamoDbEncryptionApiRef);
  const available = isDynamoDbEncryptionAvailable(entity);
  const state = useAsyncRetry(
    async () =>
      available
        ? api.getEncryptionReport(getCompoundEntityRef(entity))
        : undefined,
    [api, stringifyEntityRef(entity), available],
  );
  return { ...state, available };
}
