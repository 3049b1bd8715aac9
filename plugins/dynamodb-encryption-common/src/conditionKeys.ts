/**
 * The condition keys the key policy analysis understands: those that narrow who may use a key, and those
 * that limit a use without narrowing who (transport, time, the request's shape). Keys are case-insensitive.
 */

/** What a narrowing condition key restricts the caller to. */
export type NarrowingScope =
  | 'account'
  | 'organization'
  | 'principal'
  | 'service'
  | 'network';

/**
 * Keys that narrow who may use a key. `alwaysPresent`: every KMS request carries the key, so `IfExists` and
 * `ForAllValues:` still narrow with it. `accountValued`: its values are account ids.
 */
export const NARROWING_KEYS: Record<
  string,
  { scope: NarrowingScope; alwaysPresent?: boolean; accountValued?: boolean }
> = {
  'kms:calleraccount': {
    scope: 'account',
    alwaysPresent: true,
    accountValued: true,
  },
  'aws:principalaccount': {
    scope: 'account',
    alwaysPresent: true,
    accountValued: true,
  },
  'aws:sourceaccount': { scope: 'account', accountValued: true },
  'aws:sourceowner': { scope: 'account', accountValued: true },
  'aws:principalorgid': { scope: 'organization' },
  'aws:principalorgpaths': { scope: 'organization' },
  'aws:sourceorgid': { scope: 'organization' },
  'aws:sourceorgpaths': { scope: 'organization' },
  'aws:principalarn': { scope: 'principal', alwaysPresent: true },
  'aws:userid': { scope: 'principal', alwaysPresent: true },
  'aws:sourcearn': { scope: 'principal' },
  'kms:viaservice': { scope: 'service' },
  'aws:principalservicename': { scope: 'service' },
  'aws:principalisawsservice': { scope: 'service', alwaysPresent: true },
  'aws:sourceip': { scope: 'network' },
  'aws:sourcevpc': { scope: 'network' },
  'aws:sourcevpce': { scope: 'network' },
  'aws:vpcsourceip': { scope: 'network' },
};

/** Keys the analysis understands that do not narrow who may use the key (transport, time, key shape...). */
const OTHER_KEYS = new Set([
  'aws:securetransport',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:currenttime',
  'aws:epochtime',
  'aws:requestedregion',
  'aws:principaltype',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:viaawsservice',
  'aws:tokenissuetime',
  'aws:useragent',
  'aws:username',
  'aws:sourceidentity',
  'aws:federatedprovider',
  'aws:tagkeys',
  'kms:encryptioncontextkeys',
  'kms:encryptionalgorithm',
  'kms:grantisforawsresource',
  'kms:grantoperations',
  'kms:granteeprincipal',
  'kms:retiringprincipal',
  'kms:grantconstrainttype',
  'kms:keyorigin',
  'kms:keyspec',
  'kms:keyusage',
  'kms:requestalias',
  'kms:resourcealiases',
  'kms:datakeypairspec',
  'kms:multiregion',
  'kms:reencryptonsamekey',
  'kms:bypasspolicylockoutsafetycheck',
]);
const OTHER_KEY_PREFIXES = [
  'aws:principaltag/',
  'aws:requesttag/',
  'aws:resourcetag/',
  'kms:encryptioncontext:',
];

/** True for a condition key the analysis understands. */
export function isKnownKey(key: string): boolean {
  const k = key.toLowerCase();
  return (
    k in NARROWING_KEYS ||
    OTHER_KEYS.has(k) ||
    OTHER_KEY_PREFIXES.some(p => k.startsWith(p) && k.length > p.length)
  );
}
