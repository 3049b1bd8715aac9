import { LinkButton } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
import {
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_APPLICATION_MANIFEST_ANNOTATION,
} from '@dynamodb-encryption/backstage-plugin-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTemplateLink } from '../templateLink';

/** The template the button opens (`templates/change-dynamodb-table-key`). */
export const CHANGE_KEY_TEMPLATE_NAME = 'change-dynamodb-table-key';

/** "Change key": the change key template with the table's entity filled in. */
export function ChangeKeyLink({
  entityRef,
  explain = false,
}: {
  entityRef: string;
  explain?: boolean;
}) {
  const to = useTemplateLink(CHANGE_KEY_TEMPLATE_NAME, { entityRef });
  return (
    <Box mt={2} display="flex" alignItems="center" flexWrap="wrap">
      <LinkButton
        variant="outlined"
        color="primary"
        to={to}
        style={{ marginRight: 16 }}
      >
        Change key
      </LinkButton>
      {explain && (
        <Typography variant="body2" color="textSecondary">
          Switch the key through Git: only the Application's encryption trait
          changes, previewed with its diff and cost before Create.
        </Typography>
      )}
    </Box>
  );
}

/**
 * "Change key" on a declared table's card and tab (an Application in Git names it). Nothing for a
 * discovered table, which is adopted into GitOps first.
 */
export function ChangeKeyButton() {
  const { entity } = useAsyncEntity();
  const annotations = entity?.metadata.annotations ?? {};
  if (
    !entity ||
    annotations[DISCOVERED_TABLE_ANNOTATION] === 'true' ||
    !annotations[DYNAMODB_APPLICATION_MANIFEST_ANNOTATION]
  )
    return null;
  return <ChangeKeyLink entityRef={stringifyEntityRef(entity)} explain />;
}
