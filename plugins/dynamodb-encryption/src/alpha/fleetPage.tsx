import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import LockIcon from '@material-ui/icons/Lock';

/** The fleet dashboard's route. */
export const fleetRouteRef = createRouteRef();

/** The platform's fleet dashboard: every table of every configured account and region. */
export const fleetPage = PageBlueprint.make({
  params: {
    path: '/dynamodb-encryption',
    routeRef: fleetRouteRef,
    title: 'DynamoDB encryption',
    icon: <LockIcon />,
    loader: () =>
      import('../components/FleetPage/FleetPage').then(m => <m.FleetPage />),
  },
});
