/** A file the task will commit, as the dry run rendered it. */
export interface PreviewFile {
  kind: 'application' | 'catalog-info';
  title: string;
  path: string;
  text: string;
}

const KINDS = [
  { kind: 'application', file: 'application.yaml', title: 'Application' },
  { kind: 'catalog-info', file: 'catalog-info.yaml', title: 'Catalog entity' },
] as const;

/** Decodes UTF-8 base64 in the browser and in Node alike. */
function decode(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The Application and catalog-info.yaml among the dry run's workspace files, decoded. */
export function previewFiles(
  contents: readonly { path: string; base64Content: string }[],
): PreviewFile[] {
  return KINDS.flatMap(({ kind, file, title }) =>
    contents
      .filter(c => c.path === file || c.path.endsWith(`/${file}`))
      .map(c => ({ kind, title, path: c.path, text: decode(c.base64Content) })),
  );
}
