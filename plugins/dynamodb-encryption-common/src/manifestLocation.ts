import { ANNOTATION_LOCATION } from '@backstage/catalog-model';
import { DYNAMODB_APPLICATION_MANIFEST_ANNOTATION } from './constants';

/**
 * Where a table entity's Application manifest is (annotation `dynamodb-encryption.io/application-manifest`):
 * absolute as written, or relative (such as `./application.yaml`) to the URL the entity was registered from,
 * as a catalog-info.yaml published beside its Application says it. Undefined without the annotation, or when
 * a relative one has no URL to resolve against.
 *
 * @public
 */
export function manifestLocation(entity: {
  metadata: { annotations?: Record<string, string> };
}): string | undefined {
  const value =
    entity.metadata.annotations?.[DYNAMODB_APPLICATION_MANIFEST_ANNOTATION];
  if (!value) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  const base = location?.startsWith('url:')
    ? location.slice('url:'.length)
    : undefined;
  return base ? new URL(value, base).toString() : undefined;
}
