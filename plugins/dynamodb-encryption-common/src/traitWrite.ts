import {
  Document,
  isMap,
  isScalar,
  isSeq,
  Node,
  Pair,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import { sameData, scalarOf, TRAIT } from './applicationFind';
import { EncryptionTraitProperties, ENCRYPTION_TRAIT_DEFAULTS } from './trait';
import {
  appendToBlockSeq,
  column,
  insertIntoBlockMap,
  lineEndOfContent,
  removeFromBlockMap,
  render,
  renderPair,
  renderValue,
  replaceBlockPair,
  replaceNode,
  SourceStyle,
  TextEdit,
} from './yamlSplice';

/**
 * The text edits that set the encryption trait, made alongside the same change through the Document API:
 * pair by pair in a block map (every untouched pair keeps its bytes), nodes rendered anew where they are
 * new or written in flow style (which shares its lines).
 */

const PROPERTY_ORDER = ['enabled', 'sseType', 'kmsKeyId'] as const;

/** The properties to write: only what differs from the trait as found (a default left out stays out). */
function changes(
  current: YAMLMap | undefined,
  target: EncryptionTraitProperties,
) {
  const set: [string, unknown][] = [];
  const remove: string[] = [];
  for (const key of PROPERTY_ORDER) {
    const want = target[key];
    const has = current?.has(key);
    if (want === undefined) {
      if (has) remove.push(key);
    } else if (has) {
      if (!sameData(current!.toJSON()[key], want)) set.push([key, want]);
    } else if (
      want !== (ENCRYPTION_TRAIT_DEFAULTS as Record<string, unknown>)[key]
    ) {
      set.push([key, want]);
    }
  }
  const keys = (current?.items ?? []).map(p => String(scalarOf(p.key)));
  // A map left empty would read as no properties: write the whole mapping instead.
  if (
    keys.every(k => remove.includes(k)) &&
    !set.some(([k]) => !keys.includes(k))
  )
    for (const key of PROPERTY_ORDER)
      if (target[key] !== undefined && !set.some(([k]) => k === key))
        set.push([key, target[key]]);
  return { set, remove };
}

/** Edits a block properties map pair by pair, so that every untouched pair keeps its bytes. */
function editBlockProperties(
  source: string,
  doc: Document,
  map: YAMLMap,
  target: EncryptionTraitProperties,
  style: SourceStyle,
): TextEdit[] {
  const { set, remove } = changes(map, target);
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const col = column(source, (map.items[0].key as Node).range![0]);
  for (const [key, value] of set) {
    const pair = map.items.find(p => scalarOf(p.key) === key) as
      | Pair
      | undefined;
    const old = pair?.value as Node | null | undefined;
    if (pair && old?.range && isScalar(old)) {
      const [start, end] = old.range;
      const text = renderValue(doc, map, key, value, old, style);
      edits.push({ start, end, text: start === end ? ` ${text}` : text });
    } else if (pair) {
      edits.push(replaceBlockPair(source, doc, map, pair, value, style));
    } else added.push(renderPair(doc, map, key, value, style, col));
  }
  for (const key of remove)
    edits.push(
      removeFromBlockMap(
        source,
        map,
        map.items.find(p => scalarOf(p.key) === key) as Pair,
      ),
    );
  const kept = map.items.filter(p => !remove.includes(String(scalarOf(p.key))));
  edits.push(
    ...insertIntoBlockMap(
      source,
      map,
      kept[kept.length - 1] as Pair | undefined,
      added,
      style,
    ),
  );
  for (const [key, value] of set) map.set(key, value);
  for (const key of remove) map.delete(key);
  return edits;
}

/** Adds `key: value` to a map: inserted lines in a block map, the map rendered anew when it is a flow map. */
function addPair(
  source: string,
  doc: Document,
  map: YAMLMap,
  key: string,
  value: Node,
  style: SourceStyle,
): TextEdit[] {
  const existing = map.items.find(p => scalarOf(p.key) === key) as
    | Pair
    | undefined;
  if (map.flow) {
    map.set(key, value);
    return [replaceNode(source, map, style)];
  }
  const empty = existing?.value as Node | null | undefined;
  if (existing && (!empty || (isScalar(empty) && !empty.source))) {
    // `key:` with nothing after it (but perhaps a comment): the value goes on the lines below, the key's
    // line stays as it is.
    const keyStart = (existing.key as Node).range![0];
    const keyCol = column(source, keyStart);
    // A sequence sits at the key's column or one step in, as the source writes its own; a map one step in.
    let col = keyCol + style.indent;
    if (isSeq(value) && !style.indentSeq) col = keyCol;
    const at = lineEndOfContent(
      source,
      keyStart,
      (existing.key as Node).range![2],
    );
    map.set(key, value);
    return [
      {
        start: at,
        end: at,
        text: `${style.newline}${' '.repeat(col)}${render(value, style, col)}`,
      },
    ];
  }
  if (existing) {
    const edit = replaceBlockPair(source, doc, map, existing, value, style);
    map.set(key, value);
    return [edit];
  }
  const col = column(source, (map.items[0].key as Node).range![0]);
  const text = renderPair(doc, map, key, value, style, col);
  map.set(key, value);
  return insertIntoBlockMap(
    source,
    map,
    map.items[map.items.length - 2] as Pair,
    [text],
    style,
  );
}

export function traitEdits(
  source: string,
  doc: Document,
  at: {
    component: YAMLMap;
    traits?: YAMLSeq;
    trait?: YAMLMap;
    props?: YAMLMap;
  },
  target: EncryptionTraitProperties,
  style: SourceStyle,
): TextEdit[] {
  const { component, traits, trait, props } = at;
  const whole = () =>
    doc.createNode(
      Object.fromEntries(
        PROPERTY_ORDER.filter(k => target[k] !== undefined).map(k => [
          k,
          target[k],
        ]),
      ),
    ) as Node;
  if (trait && isMap(props) && !props.flow && props.items.length)
    return editBlockProperties(source, doc, props, target, style);
  if (trait && isMap(props)) {
    const { set, remove } = changes(props, target);
    for (const [key, value] of set) props.set(key, value);
    for (const key of remove) props.delete(key);
    return [replaceNode(source, props, style)];
  }
  if (trait) return addPair(source, doc, trait, 'properties', whole(), style);
  const item = doc.createNode({ type: TRAIT }) as YAMLMap;
  item.set('properties', whole());
  if (traits?.flow || (traits && !traits.items.length)) {
    traits.items.push(item);
    return [replaceNode(source, traits, style)];
  }
  if (traits) {
    const edit = appendToBlockSeq(source, traits, item, style);
    traits.items.push(item);
    return [edit];
  }
  const seq = new YAMLSeq(doc.schema);
  seq.flow = !!component.flow;
  seq.items.push(item);
  return addPair(source, doc, component, 'traits', seq, style);
}
