import { KMSClient, ListGrantsCommand } from '@aws-sdk/client-kms';
import type { KmsGrantLike } from '@dynamodb-encryption/backstage-plugin-common';

const pickGrant = (g: KmsGrantLike): KmsGrantLike => {
  const { GrantId, KeyId, Name, GranteePrincipal, RetiringPrincipal } = g;
  const { IssuingAccount, Operations, Constraints } = g;
  return {
    GrantId,
    KeyId,
    Name,
    GranteePrincipal,
    RetiringPrincipal,
    IssuingAccount,
    Operations,
    Constraints,
  };
};

/** Every grant of a key (ListGrants, all pages). */
export async function listGrants(
  kms: KMSClient,
  keyId: string,
): Promise<KmsGrantLike[]> {
  const grants: KmsGrantLike[] = [];
  let Marker: string | undefined;
  do {
    const page = await kms.send(
      new ListGrantsCommand({ KeyId: keyId, Marker }),
    );
    // Only what says who may use the key: a grant's tokens and dates are left out of what is kept.
    grants.push(...(page?.Grants ?? []).map(pickGrant));
    Marker = page?.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return grants;
}
