import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ACCOUNT_ID_MESSAGE,
  DISCOVERED_TABLE_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  PORTAL_TABLE_NAME_RULE,
  tableNameJsonSchema,
} from '@dynamodb-encryption/backstage-plugin-common';
import { KmsKeyService } from '@dynamodb-encryption/backstage-plugin-node';
import { customizeValidator } from '@rjsf/validator-ajv8';
import ajvErrors from 'ajv-errors';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createAdoptTableAction } from './adoptTable';
import { createApplicationAction } from './createApplication';
import { createUpdateEncryptionAction } from './updateEncryption';

const TEMPLATE = require.resolve(
  '../../../../templates/encrypted-dynamodb-table/template.yaml',
);

/** The tableName and accountId schemas as the form reads them from the template. */
function templateFields() {
  const template = parse(readFileSync(TEMPLATE, 'utf8'));
  const { tableName, accountId } = template.spec.parameters[0].properties;
  return { tableName, accountId };
}

/** The scaffolder form's own validator: RJSF's ajv8 with ajv-errors, as its Stepper builds it. */
const validator = customizeValidator();
ajvErrors(validator.ajv as any);

function formErrors(schema: object, value: string): string[] {
  return validator
    .validateFormData({ value }, {
      type: 'object',
      properties: { value: schema },
    } as any)
    .errors.map(e => e.message ?? '');
}

describe('the template and the shared table-name rule', () => {
  const action = createApplicationAction({
    // Only AWS owned tables here: the action never asks KMS.
    keys: {} as KmsKeyService,
    defaultAccountId: '111111111111',
    rotation: 'warn',
  });
  const workspace = createMockDirectory();

  async function actionAccepts(tableName: string): Promise<boolean> {
    const ctx = createMockActionContext({
      input: {
        tableName,
        region: 'us-east-1',
        attributeDefinitions: [
          { attributeName: 'id', attributeType: 'S' as const },
        ],
        keySchema: [{ attributeName: 'id', keyType: 'HASH' as const }],
        owner: 'group:default/orders-team',
        encryption: { sseType: 'AES256' },
        targetPath: 'apps/generated',
      },
      workspacePath: workspace.path,
    });
    try {
      await action.handler(ctx);
      return true;
    } catch (e) {
      // Only the name may be the reason; anything else is a broken test input.
      expect(String(e)).toContain(
        `Table name (tableName): ${PORTAL_TABLE_NAME_RULE.words}`,
      );
      return false;
    }
  }

  it("carries -common's rule and its words", () => {
    const { tableName, accountId } = templateFields();
    expect({
      type: tableName.type,
      pattern: tableName.pattern,
      errorMessage: tableName.errorMessage,
    }).toEqual(tableNameJsonSchema());
    expect(accountId.errorMessage).toEqual({ pattern: ACCOUNT_ID_MESSAGE });
  });

  it('shows words, never the pattern, for a bad name', () => {
    const { tableName } = templateFields();
    expect(formErrors(tableName, 'Bad Name!')).toEqual([
      PORTAL_TABLE_NAME_RULE.words,
    ]);
    expect(formErrors(tableName, 'orders')).toEqual([]);
  });

  it('the form and the action accept and refuse the same generated names', async () => {
    const { tableName } = templateFields();
    const near = fc.stringMatching(/^[A-Za-z0-9_.\- !/é]{0,70}$/);
    const valid = fc.stringMatching(new RegExp(PORTAL_TABLE_NAME_RULE.pattern));
    const edges = fc.constantFrom(
      'ab',
      'abc',
      'a'.repeat(63),
      'a'.repeat(64),
      '-abc',
      'abc.',
      'a..b',
      'Orders_2024.v1',
    );
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(near, valid, edges, fc.string()),
        async name => {
          await workspace.clear();
          const form = formErrors(tableName, name);
          const byAction = await actionAccepts(name);
          // Accepted by both, or refused by both with the rule in words.
          expect(form).toEqual(byAction ? [] : [PORTAL_TABLE_NAME_RULE.words]);
          if (byAction) accepted++;
          else refused++;
        },
      ),
      { numRuns: 400 },
    );
    // Both sides of the rule were exercised.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  }, 120_000);
});

describe('the adopt template', () => {
  const ADOPT = require.resolve(
    '../../../../templates/adopt-dynamodb-table/template.yaml',
  );
  const adopt = parse(readFileSync(ADOPT, 'utf8'));
  const create = parse(readFileSync(TEMPLATE, 'utf8'));
  const action = createAdoptTableAction({
    client: { adoptionPreview: jest.fn() },
  });
  const page = (template: any, property: string) =>
    template.spec.parameters.find((p: any) => p.properties?.[property]);

  it('asks for a discovered table entity and publishes as the create template does', () => {
    expect(page(adopt, 'entityRef')).toMatchObject({
      required: ['entityRef'],
      properties: {
        entityRef: {
          type: 'string',
          'ui:field': 'EntityPicker',
          'ui:options': {
            catalogFilter: {
              kind: 'Resource',
              'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE,
              [`metadata.annotations.${DISCOVERED_TABLE_ANNOTATION}`]: 'true',
            },
          },
        },
      },
    });
    expect(page(adopt, 'publishTo')).toEqual(page(create, 'publishTo'));
    // Shipped to adopters: a pull request unless the user picks the sandbox's local repository.
    expect(page(create, 'publishTo').properties.publishTo).toMatchObject({
      default: 'pull-request',
      enum: ['pull-request', 'local'],
    });
  });

  it('previews on its last page, hidden from the review table', () => {
    const last = adopt.spec.parameters[adopt.spec.parameters.length - 1];
    expect(last.properties.preview).toMatchObject({
      'ui:field': 'DynamoDbAdoptionPreview',
      'ui:backstage': { review: { show: false } },
    });
  });

  it('gives the adopt action only its inputs and reads only its outputs', () => {
    const step = adopt.spec.steps.find((s: any) => s.id === 'adopt');
    expect(step.action).toBe(action.id);
    const inputs = Object.keys((action.schema!.input as any).properties);
    expect(Object.keys(step.input).filter(k => !inputs.includes(k))).toEqual(
      [],
    );
    const outputs = Object.keys((action.schema!.output as any).properties);
    const read = [
      ...readFileSync(ADOPT, 'utf8').matchAll(/steps\.adopt\.output\.(\w+)/g),
    ].map(m => m[1]);
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter(o => !outputs.includes(o))).toEqual([]);
    // The publish steps take the folder the action wrote, as the create template's take apps/<tableName>.
    const publish = adopt.spec.steps.find((s: any) => s.id === 'publish-local');
    expect(publish.input.sourcePath).toBe('${{ steps.adopt.output.folder }}');
  });
});

describe('the change key template', () => {
  const CHANGE = require.resolve(
    '../../../../templates/change-dynamodb-table-key/template.yaml',
  );
  const text = readFileSync(CHANGE, 'utf8');
  const change = parse(text);
  const create = parse(readFileSync(TEMPLATE, 'utf8'));
  const action = createUpdateEncryptionAction({} as any);
  const page = (template: any, property: string) =>
    template.spec.parameters.find((p: any) => p.properties?.[property]);

  it('asks for a table entity, the key as the create template does, and publishes as it does', () => {
    expect(page(change, 'entityRef')).toMatchObject({
      required: ['entityRef'],
      properties: {
        entityRef: {
          'ui:field': 'EntityPicker',
          'ui:options': {
            catalogFilter: {
              kind: 'Resource',
              'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE,
            },
          },
        },
      },
    });
    // The same choice and words; only the picker reads the table's account and region from the entity.
    const key = page(change, 'keyChoice');
    const picker = key.dependencies.keyChoice.oneOf[2].properties.kmsKeyArn;
    expect(picker['ui:options']).toEqual({ entityRefField: 'entityRef' });
    const same = (p: any) => {
      const copy = JSON.parse(JSON.stringify(p));
      const k = copy.dependencies.keyChoice.oneOf[2].properties.kmsKeyArn;
      delete k['ui:options'];
      delete k.description;
      return { ...copy, title: undefined };
    };
    expect(same(key)).toEqual(same(page(create, 'keyChoice')));
    expect(page(change, 'publishTo')).toEqual(page(create, 'publishTo'));
  });

  it('needs the key of a customer managed key, and not for the others', () => {
    const key = page(change, 'keyChoice');
    const schema = { type: 'object', ...key };
    const errors = (formData: object) =>
      validator
        .validateFormData(formData, schema as any)
        .errors.map(e => e.message);
    expect(errors({ keyChoice: 'CUSTOMER_MANAGED' })).toContain(
      "must have required property 'Customer managed key'",
    );
    expect(
      errors({ keyChoice: 'CUSTOMER_MANAGED', kmsKeyArn: 'arn:aws:kms:x' }),
    ).toEqual([]);
    expect(errors({ keyChoice: 'AWS_OWNED' })).toEqual([]);
  });

  it('previews on its last page, hidden from the review table', () => {
    const last = change.spec.parameters[change.spec.parameters.length - 1];
    expect(last.properties.preview).toMatchObject({
      'ui:field': 'DynamoDbKeyChangePreview',
      'ui:backstage': { review: { show: false } },
    });
  });

  it('gives the update action only its inputs and reads only its outputs', () => {
    const step = change.spec.steps.find((s: any) => s.id === 'update');
    expect(step.action).toBe(action.id);
    const inputs = Object.keys((action.schema!.input as any).properties);
    expect(Object.keys(step.input).filter(k => !inputs.includes(k))).toEqual(
      [],
    );
    const outputs = Object.keys((action.schema!.output as any).properties);
    const read = [...text.matchAll(/steps\.update\.output\.(\w+)/g)].map(
      m => m[1],
    );
    expect(read.length).toBeGreaterThan(5);
    expect(read.filter(o => !outputs.includes(o))).toEqual([]);
    // Both publish steps commit the folder the action wrote the Application into, at the same path.
    for (const id of ['publish-local', 'publish-pr']) {
      const publish = change.spec.steps.find((s: any) => s.id === id);
      expect(publish.input).toMatchObject({
        sourcePath: '${{ steps.update.output.folder }}',
        targetPath: '${{ steps.update.output.folder }}',
      });
    }
  });
});
