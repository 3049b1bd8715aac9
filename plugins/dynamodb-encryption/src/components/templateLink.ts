import { useRouteRef } from '@backstage/core-plugin-api';
import { createExternalRouteRef } from '@backstage/frontend-plugin-api';

/**
 * The scaffolder's page of one template. Bound to the scaffolder plugin's own route by default, so an app
 * (new frontend system) needs no binding; where it is not bound the scaffolder's default path is used.
 *
 * @alpha
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});

/** The route function, or undefined where the app cannot resolve the route (a legacy app, a test). */
function useTemplateRoute() {
  try {
    // The new system's route resolution takes this ref; the legacy one may not know it.
    return useRouteRef(scaffolderTemplateRouteRef as any) as
      | ((params: { namespace: string; templateName: string }) => string)
      | undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link that opens a template of the default namespace with some of its form filled in (the scaffolder reads
 * `formData` from the query string).
 */
export function useTemplateLink(
  templateName: string,
  formData: Record<string, unknown>,
): string {
  const route = useTemplateRoute();
  const page =
    route?.({ namespace: 'default', templateName }) ??
    `/create/templates/default/${encodeURIComponent(templateName)}`;
  return `${page}?${new URLSearchParams({
    formData: JSON.stringify(formData),
  })}`;
}
