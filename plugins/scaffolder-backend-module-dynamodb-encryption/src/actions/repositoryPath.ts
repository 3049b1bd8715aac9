import { InputError } from '@backstage/errors';

/**
 * The path of a manifest inside its Git repository, from the URL the catalog reads it at: under the local
 * GitOps repository's base URL in the sandbox, or after `/blob/<branch>/` (GitHub, and `/-/blob/` on
 * GitLab), `/src/<branch>/` (Bitbucket) or the branch of a raw.githubusercontent.com URL. A branch with a
 * slash in its name cannot be told from the path: such a template sets `repositoryPath` itself.
 */
export function repositoryPathOf(manifestUrl: string, localBaseUrl?: string) {
  const decode = (path: string) =>
    path.split('/').filter(Boolean).map(decodeURIComponent).join('/');
  const base = localBaseUrl?.replace(/\/+$/, '');
  if (base && manifestUrl.startsWith(`${base}/`))
    return decode(manifestUrl.slice(base.length + 1).split(/[?#]/)[0]);
  let url: URL;
  try {
    url = new URL(manifestUrl);
  } catch {
    url = new URL('invalid:');
  }
  const path = url.pathname;
  const hosted =
    /^\/[^/]+\/[^/]+\/(?:-\/)?(?:blob|raw)\/[^/]+\/(.+)$/.exec(path) ??
    /^\/[^/]+\/[^/]+\/src\/[^/]+\/(.+)$/.exec(path) ??
    (url.hostname === 'raw.githubusercontent.com'
      ? /^\/[^/]+\/[^/]+\/[^/]+\/(.+)$/.exec(path)
      : null);
  if (!hosted)
    throw new InputError(
      `Cannot tell the Application's path in the GitOps repository from ${manifestUrl}: set repositoryPath`,
    );
  return decode(hosted[1]);
}
