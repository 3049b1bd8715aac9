import { previewFiles } from './previewFiles';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('previewFiles', () => {
  it('decodes the Application and the entity, UTF-8 intact, and ignores other files', () => {
    const files = previewFiles([
      {
        path: 'apps/x/catalog-info.yaml',
        base64Content: b64('kind: Resource\n'),
      },
      { path: 'apps/x/application.yaml', base64Content: b64('name: café\n') },
      { path: 'apps/x/README.md', base64Content: b64('# x') },
    ]);
    expect(files).toEqual([
      {
        kind: 'application',
        title: 'Application',
        path: 'apps/x/application.yaml',
        text: 'name: café\n',
      },
      {
        kind: 'catalog-info',
        title: 'Catalog entity',
        path: 'apps/x/catalog-info.yaml',
        text: 'kind: Resource\n',
      },
    ]);
  });
});
