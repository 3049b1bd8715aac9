import { Document, isMap, YAMLMap } from 'yaml';
import {
  applicationOf,
  componentOf,
  refuse,
  Refusal,
  sameData,
  scalarOf,
  TRAIT,
  traitOf,
} from './applicationFind';
import {
  EncryptionTraitProperties,
  expectedKeyType,
  validateEncryptionTrait,
} from './trait';
import { traitEdits } from './traitWrite';
import { applyEdits, detectStyle } from './yamlSplice';

/**
 * The result of editing an Application's encryption trait: the new text, or why the manifest cannot be
 * edited safely, in words that say what was found.
 *
 * @public
 */
export type EncryptionTraitEdit =
  | {
      ok: true;
      /** False when the Application already asks for this key: `text` is the manifest as it was. */
      changed: boolean;
      text: string;
      /** The trait's properties before the edit, when the trait was there and valid. */
      before?: EncryptionTraitProperties;
      after: EncryptionTraitProperties;
      /** The `aws-dynamodb-kro` component's name. */
      componentName?: string;
      traitAdded: boolean;
    }
  | { ok: false; reason: string };

/**
 * Sets the `dynamodb-encryption-kro` trait of an Application manifest to `target` (from
 * `encryptionTraitFor`), adding the trait when the table's component has none, and changing nothing else:
 * the edit is made with the `yaml` Document API and written back into the source over the trait's own text
 * only, so every other line (comments, key order, flow and block styles, every other field) stays as it
 * was. Refuses, saying what it found, a manifest it cannot edit safely: not one Application, no or several
 * `aws-dynamodb-kro` components (or one for another table), several encryption traits, a trait that uses
 * template expressions, YAML aliases, anchors or merge keys, or properties the trait does not know.
 *
 * @public
 */
export function editEncryptionTrait(
  source: string,
  target: EncryptionTraitProperties,
  options: { tableName?: string } = {},
): EncryptionTraitEdit {
  try {
    const doc = applicationOf(source);
    const component = componentOf(doc, options.tableName);
    const componentName = scalarOf(component.get('name', true));
    const { traits, trait } = traitOf(component);
    const props = trait?.get('properties', true) as YAMLMap | undefined;
    const current = validateEncryptionTrait(isMap(props) ? props.toJSON() : {});
    const before = trait && current.ok ? current.value : undefined;
    const currentValue = current.ok ? current.value : undefined;
    const wantType = expectedKeyType(target);
    if (
      currentValue &&
      expectedKeyType(currentValue) === wantType &&
      (wantType !== 'CUSTOMER_MANAGED' ||
        currentValue.kmsKeyId === target.kmsKeyId)
    ) {
      return {
        ok: true,
        changed: false,
        text: source,
        before: before ?? currentValue,
        after: currentValue,
        componentName:
          componentName === undefined ? undefined : String(componentName),
        traitAdded: false,
      };
    }
    const style = detectStyle(source, doc);
    const edits = traitEdits(
      source,
      doc,
      { component, traits, trait, props },
      target,
      style,
    );
    const text = applyEdits(source, edits);
    const after = checkResult(text, doc, options.tableName);
    return {
      ok: true,
      changed: true,
      text,
      before,
      after,
      componentName:
        componentName === undefined ? undefined : String(componentName),
      traitAdded: !trait,
    };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message };
    throw e;
  }
}

/** The written text must read back as exactly the edited document, and its trait must be valid. */
function checkResult(
  text: string,
  edited: Document,
  tableName?: string,
): EncryptionTraitProperties {
  const reread = applicationOf(text);
  if (!sameData(reread.toJS(), edited.toJS()))
    refuse(
      'The edit could not be written without changing more than the encryption trait; edit the manifest by hand',
    );
  const { trait } = traitOf(componentOf(reread, tableName));
  const props = trait?.get('properties', true);
  const result = validateEncryptionTrait(isMap(props) ? props.toJSON() : {});
  if (!result.ok)
    refuse(
      `The ${TRAIT} trait would still be invalid: ${result.errors
        .map(e => `${e.field} ${e.message}`)
        .join('; ')}`,
    );
  return result.value;
}
