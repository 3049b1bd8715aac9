import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

const PROVIDER = 'sandbox-member';

/**
 * A second sandbox sign-in, beside the guest (platform team): someone who sees only the tables of their
 * team under the sample permission policy. Configured by `auth.providers.sandbox-member` (the sandbox's
 * app-config sets a payments engineer); without that key, nothing is registered. Like the guest provider it
 * refuses to run outside development unless `dangerouslyAllowOutsideDevelopment` is set: anyone who can
 * reach the portal can sign in with it.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'sandbox-member-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const own = config.getOptionalConfig(`auth.providers.${PROVIDER}`);
        if (!own) return;
        const userRef = own.getString('userEntityRef');
        const ownership = own.getOptionalStringArray('ownershipEntityRefs') ?? [
          userRef,
        ];
        const allowed = () =>
          process.env.NODE_ENV === 'development' ||
          own.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true;
        providers.registerProvider({
          providerId: PROVIDER,
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate() {
                if (!allowed())
                  throw new NotAllowedError(
                    `The ${PROVIDER} sign-in is for the sandbox: set auth.providers.${PROVIDER}.dangerouslyAllowOutsideDevelopment to use it elsewhere`,
                  );
                return { result: {} };
              },
            }),
            // The catalog's user entity (its memberOf) when the catalog has it, else the configured refs.
            async signInResolver(_, ctx) {
              try {
                return await ctx.signInWithCatalogUser({ entityRef: userRef });
              } catch {
                return ctx.issueToken({
                  claims: { sub: userRef, ent: ownership },
                });
              }
            },
          }),
        });
      },
    });
  },
});
