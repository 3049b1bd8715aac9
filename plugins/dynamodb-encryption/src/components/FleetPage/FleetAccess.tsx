import {
  Content,
  ContentHeader,
  Progress,
  SidebarItem,
  WarningPanel,
} from '@backstage/core-components';
import { dynamoDbEncryptionFleetReadPermission } from '@dynamodb-encryption/backstage-plugin-common';
import { usePermission } from '@backstage/plugin-permission-react';
import BlockIcon from '@material-ui/icons/Block';
import { ReactNode } from 'react';

/** Whether the signed-in user may read the fleet; `undefined` while the answer is on its way. */
function useFleetReadAllowed(): boolean | undefined {
  const { loading, allowed } = usePermission({
    permission: dynamoDbEncryptionFleetReadPermission,
  });
  return loading ? undefined : allowed;
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
