import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  YAMLMap,
} from 'yaml';
import { KUBEVELA_DEFINITIONS } from './application';

/**
 * Finding the one place of an Application manifest that the key change edits, or refusing, in words
 * that say what was found, a manifest it cannot edit safely.
 */

const TEMPLATE_EXPRESSION = /\$\{|\{\{/;
export const TRAIT = KUBEVELA_DEFINITIONS.encryptionTrait;
const COMPONENT = KUBEVELA_DEFINITIONS.component;

/** A manifest the key change cannot edit safely, and why. */
export class Refusal extends Error {}

/** Equal as data, in the same key order (so a reordered map is a difference too). */
export const sameData = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

export function refuse(reason: string): never {
  throw new Refusal(reason);
}

export const scalarOf = (node: unknown) =>
  isScalar(node) ? (node.value as unknown) : undefined;

function noAlias(node: unknown, where: string): void {
  if (isAlias(node))
    refuse(
      `${where} is a YAML alias (*${node.source}): editing it would change what else refers to the anchor`,
    );
}

function mapAt(parent: YAMLMap, key: string, where: string) {
  const node = parent.get(key, true) as unknown;
  noAlias(node, where);
  return node;
}

/** The one Application document of the source, or a refusal saying what is there instead. */
export function applicationOf(source: string): Document {
  const docs = parseAllDocuments(source);
  if (!Array.isArray(docs)) refuse('The manifest is empty');
  const filled = docs.filter(d => d.contents !== null || d.errors.length);
  if (filled.length === 0) refuse('The manifest is empty');
  if (filled.length > 1)
    refuse(
      `The manifest holds ${filled.length} YAML documents; the action edits a file that holds one Application only`,
    );
  const doc = filled[0];
  if (doc.errors.length)
    refuse(`The manifest is not valid YAML: ${doc.errors[0].message}`);
  const root = doc.contents;
  noAlias(root, 'The manifest');
  if (!isMap(root)) refuse('The manifest is not a YAML map');
  const kind = scalarOf(root.get('kind', true));
  const apiVersion = scalarOf(root.get('apiVersion', true));
  if (
    kind !== 'Application' ||
    !String(apiVersion ?? '').startsWith('core.oam.dev/')
  )
    refuse(
      `The manifest is ${
        kind
          ? `a ${String(kind)} (${String(apiVersion)})`
          : 'a document without a kind'
      }, not a KubeVela Application (core.oam.dev)`,
    );
  return doc as unknown as Document;
}

/** The one `aws-dynamodb-kro` component of the Application, checked against the table it should declare. */
export function componentOf(doc: Document, tableName?: string): YAMLMap {
  const spec = mapAt(doc.contents as YAMLMap, 'spec', 'spec');
  if (!isMap(spec)) refuse('The Application has no spec map');
  const components = mapAt(spec, 'components', 'spec.components');
  if (!isSeq(components)) refuse('The Application has no spec.components list');
  const tables = components.items.filter(
    c => isMap(c) && scalarOf(c.get('type', true)) === COMPONENT,
  ) as YAMLMap[];
  components.items.forEach(c => noAlias(c, 'A component'));
  if (tables.length === 0)
    refuse(`The Application has no ${COMPONENT} component`);
  if (tables.length > 1)
    refuse(
      `The Application has ${tables.length} ${COMPONENT} components (${tables
        .map(c => String(scalarOf(c.get('name', true)) ?? 'unnamed'))
        .join(', ')}); the action edits an Application that declares one table`,
    );
  const component = tables[0];
  const properties = mapAt(component, 'properties', 'The component properties');
  const declared = isMap(properties)
    ? scalarOf(properties.get('tableName', true))
    : undefined;
  if (typeof declared === 'string' && TEMPLATE_EXPRESSION.test(declared))
    refuse(
      `The component's tableName is a template expression (${declared}): the action cannot tell which table it declares`,
    );
  if (tableName !== undefined && declared !== tableName)
    refuse(
      `The ${COMPONENT} component declares table ${
        declared === undefined ? '(none)' : String(declared)
      }, not ${tableName}`,
    );
  return component;
}

/** The encryption trait (checked: no alias, anchor or template expression in it), if the component has one. */
export function traitOf(component: YAMLMap) {
  const traits = mapAt(component, 'traits', 'The component traits');
  if (traits !== undefined && !isSeq(traits) && scalarOf(traits) !== null)
    refuse('The component traits are not a list');
  const items = isSeq(traits) ? traits.items : [];
  items.forEach(t => noAlias(t, 'A trait'));
  const found = items.filter(
    t => isMap(t) && scalarOf(t.get('type', true)) === TRAIT,
  ) as YAMLMap[];
  if (found.length > 1)
    refuse(`The component has ${found.length} ${TRAIT} traits`);
  const trait = found[0];
  if (trait) {
    visit(trait, {
      Node(_, node) {
        if (isAlias(node))
          refuse(`The ${TRAIT} trait uses a YAML alias (*${node.source})`);
        if (node.anchor)
          refuse(
            `The ${TRAIT} trait carries a YAML anchor (&${node.anchor}) that other parts may refer to`,
          );
        const v = scalarOf(node);
        if (typeof v === 'string' && TEMPLATE_EXPRESSION.test(v))
          refuse(
            `The ${TRAIT} trait holds a template expression (${v}): the action cannot tell which key it asks for; edit it by hand`,
          );
      },
      Pair(_, pair) {
        if (scalarOf(pair.key) === '<<')
          refuse(`The ${TRAIT} trait uses a YAML merge key (<<)`);
      },
    });
    const properties = trait.get('properties', true);
    if (
      properties !== undefined &&
      !isMap(properties) &&
      scalarOf(properties) !== null
    )
      refuse(`The ${TRAIT} trait's properties are not a map`);
  }
  return { traits: isSeq(traits) ? traits : undefined, trait };
}
