import {
  Document,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  Node,
  Pair,
  visit,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

/**
 * Writing a Document API edit back into the source text it was parsed from, touching only the text of the
 * nodes that changed: every other byte (comments, blank lines, indentation, quoting, flow and block styles)
 * stays as it was. The edited nodes themselves are rendered by the `yaml` library with the source's style.
 */

/** A replacement of `source.slice(start, end)` by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** How the source is written, so that rendered nodes read like their neighbours. */
export interface SourceStyle {
  indent: number;
  indentSeq: boolean;
  flowCollectionPadding: boolean;
  newline: string;
}

/** Applies non-overlapping edits, the last first so that earlier offsets stay valid. */
export function applyEdits(source: string, edits: TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start || b.end - a.end)
    .reduce(
      (text, e) => text.slice(0, e.start) + e.text + text.slice(e.end),
      source,
    );
}

export function lineStart(source: string, pos: number): number {
  return source.lastIndexOf('\n', pos - 1) + 1;
}

export function column(source: string, pos: number): number {
  return pos - lineStart(source, pos);
}

/** The end of the line holding the last non-blank character before `end` (before its `\r\n` or `\n`). */
export function lineEndOfContent(
  source: string,
  start: number,
  end: number,
): number {
  const last = start + source.slice(start, end).trimEnd().length;
  const nl = source.indexOf('\n', last);
  const at = nl === -1 ? source.length : nl;
  return source[at - 1] === '\r' ? at - 1 : at;
}

/** The source's indentation step, sequence indentation, flow padding and line ending. */
export function detectStyle(source: string, doc: Document): SourceStyle {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  let flowCollectionPadding: boolean | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range || !isCollection(value)) return;
      if (value.flow) return;
      const keyCol = column(source, key.range[0]);
      if (isMap(value) && indent === undefined)
        indent = column(source, value.range![0]) - keyCol;
      if (isSeq(value) && indentSeq === undefined) {
        const dash = source.lastIndexOf('-', value.range![0]);
        indentSeq = column(source, dash) > keyCol;
      }
    },
    Collection(_, node) {
      if (!node.flow || !node.items.length || !node.range) return;
      flowCollectionPadding ??= source[node.range[0] + 1] === ' ';
    },
  });
  return {
    indent: indent && indent > 0 ? indent : 2,
    indentSeq: indentSeq ?? true,
    flowCollectionPadding: flowCollectionPadding ?? true,
    newline: source.includes('\r\n') ? '\r\n' : '\n',
  };
}

/**
 * A node rendered on its own, as the `yaml` library writes it with the source's style; lines after the
 * first indented by `col`. The node's own leading and trailing comments are left out: in the source they
 * lie outside its range, and stay where they are.
 */
export function render(node: Node, style: SourceStyle, col = 0): string {
  const { commentBefore, comment, spaceBefore } = node;
  node.commentBefore = undefined;
  node.comment = undefined;
  node.spaceBefore = undefined;
  try {
    const doc = new Document();
    doc.contents = node;
    const text = doc
      .toString({
        indent: style.indent,
        indentSeq: style.indentSeq,
        flowCollectionPadding: style.flowCollectionPadding,
        lineWidth: 0,
      })
      .replace(/\n$/, '');
    return text
      .split('\n')
      .map((line, i) =>
        i === 0 || line === '' ? line : ' '.repeat(col) + line,
      )
      .join(style.newline);
  } finally {
    Object.assign(node, { commentBefore, comment, spaceBefore });
  }
}

/** `key: value` as it reads inside `map` (block or flow), lines after the first indented by `col`. */
export function renderPair(
  doc: Document,
  map: YAMLMap,
  key: string,
  value: unknown,
  style: SourceStyle,
  col: number,
): string {
  const node = isNode(value) ? value : doc.createNode(value);
  if (!map.flow && isCollection(node) && !node.flow) {
    // A block value goes on the lines below its key, placed as the source places its own: the yaml
    // library's sequence indentation differs from the source's with some indentation steps.
    const valueCol = isSeq(node) && !style.indentSeq ? col : col + style.indent;
    return `${key}:${style.newline}${' '.repeat(valueCol)}${render(
      node,
      style,
      valueCol,
    )}`;
  }
  const holder = new YAMLMap(doc.schema);
  holder.flow = !!map.flow;
  holder.items.push(
    doc.createPair(key, node) as Pair<unknown, unknown> as never,
  );
  const text = render(holder, style, col);
  return holder.flow ? text.slice(1, -1).trim() : text;
}

/** A scalar value as it reads after `key: ` inside `map`, in the quoting style of `like` when it has one. */
export function renderValue(
  doc: Document,
  map: YAMLMap,
  key: string,
  value: unknown,
  like: Node | null,
  style: SourceStyle,
): string {
  const node = doc.createNode(value);
  // A quoted string stays quoted the same way; a value of another type takes its own plain form.
  if (
    isScalar(node) &&
    isScalar(like) &&
    like.type &&
    typeof value === 'string' &&
    typeof like.value === 'string'
  )
    node.type = like.type;
  return renderPair(doc, map, key, node, style, 0)
    .slice(key.length + 1)
    .trimStart();
}

/** The text edits that add `pairs` to a block map after its last kept pair (or before its first one). */
export function insertIntoBlockMap(
  source: string,
  map: YAMLMap,
  keptLast: Pair | undefined,
  texts: string[],
  style: SourceStyle,
): TextEdit[] {
  if (!texts.length) return [];
  const first = map.items[0]?.key as Node | undefined;
  const col = column(source, (first ?? map).range![0]);
  if (keptLast) {
    const end = pairEnd(keptLast);
    const at = lineEndOfContent(source, (keptLast.key as Node).range![0], end);
    const text = texts.map(t => style.newline + ' '.repeat(col) + t).join('');
    return [{ start: at, end: at, text }];
  }
  const at = lineStart(source, first!.range![0]);
  return [
    {
      start: at,
      end: at,
      text: texts.map(t => ' '.repeat(col) + t + style.newline).join(''),
    },
  ];
}

/** Where a pair's text ends (its value's, or its key's when it has no value). */
export function pairEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  return (value?.range ?? (pair.key as Node).range!)[1];
}

/** The edit that removes a pair of a block map: its lines, with the comment lines just above it. */
export function removeFromBlockMap(
  source: string,
  map: YAMLMap,
  pair: Pair,
): TextEdit {
  const index = map.items.indexOf(pair as never);
  const keyStart = (pair.key as Node).range![0];
  let start = lineStart(source, keyStart);
  if (index > 0) {
    const previous = map.items[index - 1] as Pair;
    const previousEnd = lineEndOfContent(
      source,
      (previous.key as Node).range![0],
      pairEnd(previous),
    );
    start = source.indexOf('\n', previousEnd) + 1;
  }
  const endOfLine = lineEndOfContent(source, keyStart, pairEnd(pair));
  const nl = source.indexOf('\n', endOfLine);
  return { start, end: nl === -1 ? source.length : nl + 1, text: '' };
}

/** The edit that adds an item after the last item of a block sequence, at the same `-` column. */
export function appendToBlockSeq(
  source: string,
  seq: YAMLSeq,
  item: Node,
  style: SourceStyle,
): TextEdit {
  const last = seq.items[seq.items.length - 1] as Node;
  const dash = source.lastIndexOf('-', last.range![0]);
  const dashCol = column(source, dash);
  const sameLine =
    lineStart(source, dash) === lineStart(source, last.range![0]);
  const itemCol = sameLine ? column(source, last.range![0]) : dashCol + 2;
  const at = lineEndOfContent(source, last.range![0], last.range![1]);
  const text = `${style.newline}${' '.repeat(dashCol)}-${' '.repeat(
    itemCol - dashCol - 1,
  )}${render(item, style, itemCol)}`;
  return { start: at, end: at, text };
}

/** The edit that replaces a node's own text by its rendering (for flow nodes, which share their lines). */
export function replaceNode(
  source: string,
  node: Node,
  style: SourceStyle,
): TextEdit {
  const [start, end] = node.range!;
  return {
    start,
    end,
    text: render(node, style, column(source, start)),
  };
}

/** The edit that replaces a whole pair of a block map (key and value) by `key: value` rendered anew. */
export function replaceBlockPair(
  source: string,
  doc: Document,
  map: YAMLMap,
  pair: Pair,
  value: unknown,
  style: SourceStyle,
): TextEdit {
  const keyStart = (pair.key as Node).range![0];
  const key = String((pair.key as { value?: unknown }).value);
  return {
    start: keyStart,
    end: keyStart + source.slice(keyStart, pairEnd(pair)).trimEnd().length,
    text: renderPair(doc, map, key, value, style, column(source, keyStart)),
  };
}
