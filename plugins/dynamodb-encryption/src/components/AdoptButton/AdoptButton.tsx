import { LinkButton } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import { DISCOVERED_TABLE_ANNOTATION } from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTemplateLink } from '../templateLink';

/** The template the button opens (`templates/adopt-dynamodb-table`). */
export const ADOPT_TEMPLATE_NAME = 'adopt-dynamodb-table';

function AdoptLink({ entityRef }: { entityRef: string }) {
  const to = useTemplateLink(ADOPT_TEMPLATE_NAME, { entityRef });
  return (
    <Box mt={2} display="flex" alignItems="center" flexWrap="wrap">
      <LinkButton
        variant="outlined"
        color="primary"
        to={to}
        style={{ marginRight: 16 }}
      >
        Adopt into GitOps
      </LinkButton>
      <Typography variant="body2" color="textSecondary">
        No Application declares this table: adopt it as it is, through a commit
        to the GitOps repository, previewed before Create.
      </Typography>
    </Box>
  );
}

/**
 * "Adopt into GitOps" on a discovered table's card and tab: opens the adopt template with this entity filled
 * in. Nothing for an entity declared in Git.
 */
export function AdoptButton() {
  const { entity } = useAsyncEntity();
  if (entity?.metadata.annotations?.[DISCOVERED_TABLE_ANNOTATION] !== 'true')
    return null;
  return <AdoptLink entityRef={stringifyEntityRef(entity)} />;
}
