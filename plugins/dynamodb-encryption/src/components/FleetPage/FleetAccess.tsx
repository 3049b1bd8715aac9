import {
  Content,
  ContentHeader,
  Progress,
  SidebarItem,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { dynamoDbEncryptionFleetReadPermission } from '@dynamodb-encryption/backstage-plugin-common';
import BlockIcon from '@material-ui/icons/Block';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { dynamoDbEncryptionApiRef } from '../../api/DynamoDbEncryptionApi';

/**
 * Whether the signed-in user may read the fleet (all of it, or the rows the policy allows them);
 * `undefined` while the answer is on its way. The backend answers, since the fleet permission is a
 * resource permission whose conditional decision only the backend can apply. Only its refusal (403) hides
 * the page: any other error is the page's to show.
 */
function useFleetReadAllowed(): boolean | undefined {
  const api = useApi(dynamoDbEncryptionApiRef);
  const { loading, error } = useAsync(() => api.getFleetAccess(), [api]);
  if (loading) return undefined;
  return (error as { statusCode?: number } | undefined)?.statusCode !== 403;
}

/** The fleet page's content, or a clear refusal when the user lacks `dynamodb-encryption.fleet.read`. */
export function FleetAccessGate({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) {
  const allowed = useFleetReadAllowed();
  if (allowed === undefined) return <Progress />;
  if (allowed) return <>{children}</>;
  return (
    <Content>
      <ContentHeader title={title} />
      <WarningPanel
        title="You do not have access to the fleet dashboard"
        message={
          <>
            It lists every table, key and finding of every configured account,
            so it needs the permission{' '}
            <code>{dynamoDbEncryptionFleetReadPermission.name}</code>. Ask your
            platform team to grant it. The encryption of a table you can see in
            the catalog stays on its page.
          </>
        }
        defaultExpanded
      />
    </Content>
  );
}

/**
 * The sidebar entry of the fleet dashboard: says "no access" (and shows a blocked icon) when the user lacks
 * `dynamodb-encryption.fleet.read`, instead of leading to an error.
 *
 * @public
 */
export function DynamoDbEncryptionNavItem(props: {
  to: string;
  title: string;
  icon: ReactNode;
}) {
  const allowed = useFleetReadAllowed();
  const denied = allowed === false;
  return (
    <SidebarItem
      icon={() => (denied ? <BlockIcon /> : <>{props.icon}</>)}
      to={props.to}
      text={denied ? `${props.title} (no access)` : props.title}
    />
  );
}
