import fc from 'fast-check';
import { parse } from 'yaml';
import {
  buildApplication,
  renderApplicationYaml,
  TableApplicationSpec,
} from './application';

const base: TableApplicationSpec = {
  applicationName: 'kms-encrypted-table',
  componentName: 'sensitive-data',
  table: {
    tableName: 'sensitive-data',
    region: 'us-east-1',
    attributeDefinitions: [{ attributeName: 'recordId', attributeType: 'S' }],
    keySchema: [{ attributeName: 'recordId', keyType: 'HASH' }],
  },
  encryption: {
    enabled: true,
    sseType: 'KMS',
    kmsKeyId:
      'arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012',
  },
};

describe('buildApplication', () => {
  it('renders the seed KMS example', () => {
    expect(buildApplication(base)).toEqual({
      apiVersion: 'core.oam.dev/v1beta1',
      kind: 'Application',
      metadata: { name: 'kms-encrypted-table' },
      spec: {
        components: [
          {
            name: 'sensitive-data',
            type: 'aws-dynamodb-kro',
            properties: {
              tableName: 'sensitive-data',
              region: 'us-east-1',
              attributeDefinitions: [
                { attributeName: 'recordId', attributeType: 'S' },
              ],
              keySchema: [{ attributeName: 'recordId', keyType: 'HASH' }],
            },
            traits: [
              { type: 'dynamodb-encryption-kro', properties: base.encryption },
            ],
          },
        ],
      },
    });
  });

  it('adds the protection and streams traits, and no traits key when there are none', () => {
    const app = buildApplication({
      ...base,
      protection: { deletionProtection: true, pointInTimeRecovery: true },
      streams: { viewType: 'KEYS_ONLY' },
    });
    expect(app.spec.components[0].traits?.map(t => t.type)).toEqual([
      'dynamodb-encryption-kro',
      'dynamodb-protection-kro',
      'dynamodb-streams-kro',
    ]);
    expect(
      'traits' in
        buildApplication({ ...base, encryption: undefined }).spec.components[0],
    ).toBe(false);
  });
});

describe('renderApplicationYaml', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  it('parses back to exactly the Application for any string', () => {
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.dictionary(text, text, { maxKeys: 3 }),
        text,
        (name, component, table, keyId, tags, note) => {
          const spec: TableApplicationSpec = {
            ...base,
            applicationName: name,
            componentName: component,
            table: { ...base.table, tableName: table, tags },
            encryption: { sseType: 'KMS', kmsKeyId: keyId },
            annotations: { 'dynamodb-encryption.io/kms-key-alias': note },
          };
          expect(parse(renderApplicationYaml(spec))).toEqual(
            buildApplication(spec),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes values YAML would otherwise reinterpret', () => {
    const spec = {
      ...base,
      table: {
        ...base.table,
        tableName: 'yes',
        tags: { on: 'null', '#x': 'a: b\n- c' },
      },
    };
    expect(
      parse(renderApplicationYaml(spec)).spec.components[0].properties,
    ).toEqual({
      ...buildApplication(spec).spec.components[0].properties,
    });
    expect(
      parse(renderApplicationYaml(spec)).spec.components[0].properties
        .tableName,
    ).toBe('yes');
  });
});
