import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import { configApiRef, IdentityApi, useApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/** Which sandbox identity this browser signed in as, so a reload signs in again as the same one. */
const CHOSEN = 'dynamodb-encryption:sandbox-sign-in';
const PROVIDERS = ['guest', 'sandbox-member'] as const;
type Provider = (typeof PROVIDERS)[number];

function chosen(): Provider | undefined {
  const value = window.localStorage.getItem(CHOSEN);
  return PROVIDERS.find(p => p === value);
}

/** The identity, forgetting the choice when it signs out, so the next sign-in offers both again. */
function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(CHOSEN);
      await identity.signOut();
    },
  };
}

/**
 * The sign-in page. Without `app.sandboxSignIn`, the usual guest sign-in. In the sandbox, two cards: the
 * guest (the platform team, every table) and a second identity who sees only their team's tables under the
 * sample permission policy (docs/sandbox.md: switching identities).
 */
export function SandboxSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef).getOptionalConfig('app.sandboxSignIn');
  const [provider, setProvider] = useState<Provider | undefined>(chosen);
  if (!config) return <SignInPage {...props} providers={['guest']} />;
  if (provider) {
    return (
      <ProxiedSignInPage
        {...props}
        provider={provider}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgettingOnSignOut(identity))
        }
      />
    );
  }
  const choose = (p: Provider) => () => {
    window.localStorage.setItem(CHOSEN, p);
    setProvider(p);
  };
  return (
    <Page themeId="home">
      <Header title="DynamoDB encryption sandbox" />
      <Content>
        <ContentHeader title="Select a sign-in method" />
        <Grid container spacing={2}>
          <Grid item xs={12} md={4}>
            <InfoCard
              title="Guest"
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={choose('guest')}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body1">
                A member of the platform team: sees every table of the fleet.
              </Typography>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={4}>
            <InfoCard
              title={config.getString('memberTitle')}
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={choose('sandbox-member')}
                >
                  Sign in as {config.getString('memberTitle').toLowerCase()}
                </Button>
              }
            >
              <Typography variant="body1">
                {config.getOptionalString('memberDescription') ??
                  "Sees only their team's tables."}
              </Typography>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
