import { parse } from 'yaml';
import { editEncryptionTrait } from './applicationEdit';
import { diffLines } from './lineDiff';
import { encryptionTraitFor } from './trait';

const arn =
  'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012';
const cmk = encryptionTraitFor('CUSTOMER_MANAGED', arn);

const app = (component: string, extra = '') => `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: orders
spec:
  components:
${component}${extra}`;

const orders = `    - name: orders
      type: aws-dynamodb-kro
      properties:
        tableName: orders
        region: us-east-1
`;

function refusal(text: string, options = { tableName: 'orders' }) {
  const result = editEncryptionTrait(text, cmk, options);
  return result.ok ? undefined : result.reason;
}

function changedLines(before: string, after: string) {
  return diffLines(before, after)
    .filter(d => d.op !== ' ')
    .map(d => `${d.op}${d.text}`);
}

describe('editEncryptionTrait', () => {
  it('adds the trait to a component without one, and nothing else', () => {
    const source = app(orders);
    const result = editEncryptionTrait(source, cmk, { tableName: 'orders' });
    expect(result).toMatchObject({ ok: true, changed: true, traitAdded: true });
    expect(result.ok && changedLines(source, result.text)).toEqual([
      '+      traits:',
      '+        - type: dynamodb-encryption-kro',
      '+          properties:',
      '+            enabled: true',
      '+            sseType: KMS',
      `+            kmsKeyId: ${arn}`,
    ]);
  });

  it('changes only the properties that differ, keeping quotes and comments', () => {
    const source = app(
      `${orders}      traits:
        - type: dynamodb-encryption-kro # the key
          properties:
            # AWS managed for now
            sseType: 'KMS'   # KMS
            kmsKeyId: "alias/aws/dynamodb"  # managed
`,
    );
    const result = editEncryptionTrait(source, cmk, { tableName: 'orders' });
    expect(result.ok && changedLines(source, result.text)).toEqual([
      '-            kmsKeyId: "alias/aws/dynamodb"  # managed',
      `+            kmsKeyId: "${arn}"  # managed`,
    ]);
    expect(result).toMatchObject({
      before: {
        enabled: true,
        sseType: 'KMS',
        kmsKeyId: 'alias/aws/dynamodb',
      },
      after: cmk,
    });
  });

  it('removes the key for the AWS owned key, with its comment', () => {
    const source = app(
      `${orders}      traits:
        - type: dynamodb-encryption-kro
          properties:
            enabled: true
            sseType: KMS
            # the team's key
            kmsKeyId: ${arn}
        - type: dynamodb-protection-kro
          properties: {deletionProtection: true}
`,
    );
    const result = editEncryptionTrait(source, encryptionTraitFor('AWS_OWNED'));
    expect(result.ok && changedLines(source, result.text)).toEqual([
      '-            sseType: KMS',
      "-            # the team's key",
      `-            kmsKeyId: ${arn}`,
      '+            sseType: AES256',
    ]);
  });

  it('writes flow styles as flow, and keeps CRLF line endings', () => {
    const source = app(
      `    - {name: orders, type: aws-dynamodb-kro, properties: {tableName: orders}, traits: []}\n`,
    ).replace(/\n/g, '\r\n');
    const result = editEncryptionTrait(source, cmk);
    expect(result.ok && result.text.split('\r\n')[6]).toBe(
      `    - {name: orders, type: aws-dynamodb-kro, properties: {tableName: orders}, traits: [{type: dynamodb-encryption-kro, properties: {enabled: true, sseType: KMS, kmsKeyId: ${arn}}}]}`,
    );
    expect(result.ok && result.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('fills an empty traits key and a trait without properties', () => {
    for (const source of [
      app(`${orders}      traits:\n`),
      app(`${orders}      traits:\n        - type: dynamodb-encryption-kro\n`),
    ]) {
      const result = editEncryptionTrait(source, cmk);
      expect(result.ok).toBe(true);
      expect(result.ok && parse(result.text).spec.components[0].traits).toEqual(
        [{ type: 'dynamodb-encryption-kro', properties: cmk }],
      );
    }
  });

  it('says when the Application already asks for the key', () => {
    const source = app(
      `${orders}      traits: [{type: dynamodb-encryption-kro, properties: {sseType: KMS, kmsKeyId: '${arn}'}}]\n`,
    );
    expect(editEncryptionTrait(source, cmk)).toEqual({
      ok: true,
      changed: false,
      text: source,
      before: cmk,
      after: cmk,
      componentName: 'orders',
      traitAdded: false,
    });
  });

  it.each([
    ['', 'The manifest is empty'],
    ['kind: [', /^The manifest is not valid YAML: /],
    [
      'apiVersion: v1\nkind: ConfigMap\n',
      'The manifest is a ConfigMap (v1), not a KubeVela Application (core.oam.dev)',
    ],
    [
      `${app(orders)}---\n${app(orders)}`,
      'The manifest holds 2 YAML documents; the action edits a file that holds one Application only',
    ],
    [
      app('    - name: web\n      type: webservice\n'),
      'The Application has no aws-dynamodb-kro component',
    ],
    [
      app(orders, orders.replace('name: orders', 'name: orders-copy')),
      'The Application has 2 aws-dynamodb-kro components (orders, orders-copy); the action edits an Application that declares one table',
    ],
    [
      app(orders.replace('tableName: orders', 'tableName: payments')),
      'The aws-dynamodb-kro component declares table payments, not orders',
    ],
    [
      app(
        orders.replace(
          'tableName: orders',
          'tableName: ${{ parameters.tableName }}',
        ),
      ),
      "The component's tableName is a template expression (${{ parameters.tableName }}): the action cannot tell which table it declares",
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n          properties: {sseType: KMS, kmsKeyId: '\${{ parameters.kmsKeyArn }}'}\n`,
      ),
      'The dynamodb-encryption-kro trait holds a template expression (${{ parameters.kmsKeyArn }}): the action cannot tell which key it asks for; edit it by hand',
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n          properties: {sseType: KMS, kmsKeyId: '{{ key }}'}\n`,
      ),
      /template expression \(\{\{ key \}\}\)/,
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n          properties: &enc {sseType: AES256}\n        - type: x\n          properties: *enc\n`,
      ),
      'The dynamodb-encryption-kro trait carries a YAML anchor (&enc) that other parts may refer to',
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n          properties:\n            <<: {sseType: AES256}\n`,
      ),
      'The dynamodb-encryption-kro trait uses a YAML merge key (<<)',
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n        - type: dynamodb-encryption-kro\n`,
      ),
      'The component has 2 dynamodb-encryption-kro traits',
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n          properties: [KMS]\n`,
      ),
      "The dynamodb-encryption-kro trait's properties are not a map",
    ],
    [
      app(
        `${orders}      traits:\n        - type: dynamodb-encryption-kro\n          properties:\n            sseType: AES256\n            keyRotation: true\n`,
      ),
      'The dynamodb-encryption-kro trait would still be invalid: keyRotation unknown property keyRotation (allowed: enabled, sseType, kmsKeyId)',
    ],
  ])('refuses, saying what it found: %#', (source, reason) => {
    // A string is the whole sentence; a pattern, where the YAML library's words follow.
    expect(refusal(source)).toMatch(
      typeof reason === 'string'
        ? new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
        : reason,
    );
  });
});
