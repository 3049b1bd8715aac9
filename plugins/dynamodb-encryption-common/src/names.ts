/**
 * Kubernetes names derived from DynamoDB table names. A table name allows upper case, `_` and `.` and up to
 * 255 characters; the Application, its component, the kro instance and the ACK Table it becomes need an
 * RFC 1123 label (lower case letters, digits and `-`, starting and ending with a letter or digit, at most
 * 63 characters, so the name also fits a label value).
 */

/** The longest RFC 1123 label. @public */
export const KUBERNETES_NAME_MAX_LENGTH = 63;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** True for an RFC 1123 label of at most 63 characters. @public */
export function isKubernetesName(name: string): boolean {
  return name.length <= KUBERNETES_NAME_MAX_LENGTH && LABEL.test(name);
}

/**
 * FNV-1a (32 bits, unsigned) of the UTF-16 code units: short, stable, and the same in every runtime and on
 * every replica (for ASCII text, the same as over its UTF-8 bytes).
 *
 * @public
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `fnv1a32` as 8 hex digits. */
function shortHash(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0');
}

/**
 * The Kubernetes name (Application, component, kro instance, ACK Table) for a table. A table name that is
 * already a valid name is used as it is; any other is lower-cased, cleaned and, where needed, shortened,
 * and gets `-` and a hash of the exact table name, so `Orders` and `orders` (or two long names sharing a
 * prefix) never get the same name.
 *
 * @public
 */
export function kubernetesNameForTable(tableName: string): string {
  if (isKubernetesName(tableName)) return tableName;
  const suffix = `-${shortHash(tableName)}`;
  const base = tableName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, KUBERNETES_NAME_MAX_LENGTH - suffix.length)
    .replace(/^-+|-+$/g, '');
  return `${base || 'table'}${suffix}`;
}
