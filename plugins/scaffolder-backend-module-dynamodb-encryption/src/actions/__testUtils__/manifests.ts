import fc from 'fast-check';
import { isMap, isScalar, isSeq, Node, parseDocument, YAMLMap } from 'yaml';

/**
 * Generated Application manifests written the many ways people write YAML: indentation of 2 or 4, sequences
 * indented or not, flow and block styles at every level, keys in any order, comments on lines and between
 * items, quoting, CRLF, other components and traits around the table's, and an encryption trait that is
 * there or not, with any of the property sets the trait accepts (and one it refuses).
 */

/** Encryption trait properties a manifest may hold (`CMK_OTHER` stands for another customer managed key). */
export const TRAIT_PRESETS: [string, unknown][][] = [
  [],
  [['enabled', false]],
  [['sseType', 'AES256']],
  [
    ['enabled', true],
    ['sseType', 'AES256'],
  ],
  [
    ['sseType', 'KMS'],
    ['kmsKeyId', 'alias/aws/dynamodb'],
  ],
  [
    ['enabled', true],
    ['sseType', 'KMS'],
    ['kmsKeyId', 'CMK_OTHER'],
  ],
  [
    ['sseType', 'KMS'],
    ['kmsKeyId', 'alias/legacy-key'],
  ],
  [['sseType', 'KMS']],
];

export interface ManifestShape {
  indent: number;
  indentSeq: boolean;
  crlf: boolean;
  comments: boolean;
  quote: '' | "'" | '"';
  metadataFlow: boolean;
  componentFlow: boolean;
  componentOrder: string[];
  propertiesFlow: boolean;
  attributesFlow: boolean;
  otherBefore: boolean;
  otherAfter: boolean;
  traitsMode: 'absent' | 'null' | 'emptyFlow' | 'block' | 'flow';
  protection: 'none' | 'block' | 'flow';
  streams: boolean;
  encryption?: {
    position: number;
    props: 'absent' | 'block' | 'flow';
    preset: number;
    order: number[];
  };
}

const permutation = <T>(items: T[]) =>
  fc
    .array(fc.nat(), { minLength: items.length, maxLength: items.length })
    .map(keys =>
      items
        .map((item, i) => ({ item, key: keys[i] * items.length + i }))
        .sort((a, b) => a.key - b.key)
        .map(x => x.item),
    );

/** Manifest shapes; flow components carry flow traits and no comments inside (a comment ends a line). */
export const manifestShapes: fc.Arbitrary<ManifestShape> = fc
  .record({
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    crlf: fc.boolean(),
    comments: fc.boolean(),
    quote: fc.constantFrom('' as const, "'" as const, '"' as const),
    metadataFlow: fc.boolean(),
    componentFlow: fc.boolean(),
    componentOrder: permutation(['name', 'type', 'properties', 'traits']),
    propertiesFlow: fc.boolean(),
    attributesFlow: fc.boolean(),
    otherBefore: fc.boolean(),
    otherAfter: fc.boolean(),
    traitsMode: fc.constantFrom(
      'absent' as const,
      'null' as const,
      'emptyFlow' as const,
      'block' as const,
      'flow' as const,
    ),
    protection: fc.constantFrom(
      'none' as const,
      'block' as const,
      'flow' as const,
    ),
    streams: fc.boolean(),
    encryption: fc.option(
      fc.record({
        position: fc.nat(2),
        props: fc.constantFrom(
          'absent' as const,
          'block' as const,
          'flow' as const,
        ),
        preset: fc.nat(TRAIT_PRESETS.length - 1),
        order: permutation([0, 1, 2]),
      }),
      { nil: undefined },
    ),
  })
  .map(shape => {
    const s = { ...shape };
    if (s.componentFlow && ['null', 'block'].includes(s.traitsMode))
      s.traitsMode = 'flow';
    const listed = s.protection !== 'none' || s.streams || !!s.encryption;
    if (['block', 'flow'].includes(s.traitsMode) && !listed)
      s.traitsMode = s.componentFlow ? 'emptyFlow' : 'null';
    if (['absent', 'null', 'emptyFlow'].includes(s.traitsMode)) {
      s.protection = 'none';
      s.streams = false;
      s.encryption = undefined;
    }
    return s;
  });

/** The manifest's text for a shape; `otherKeyArn` stands in for CMK_OTHER. */
export function writeManifest(s: ManifestShape, otherKeyArn: string): string {
  const pad = (n: number) => ' '.repeat(n);
  const q = (v: unknown) =>
    typeof v === 'string' ? `${s.quote}${v}${s.quote}` : String(v);
  const note = (text: string) => (s.comments ? `  # ${text}` : '');
  const flowMap = (pairs: [string, unknown][]) =>
    `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  const lines: string[] = [];
  if (s.comments) lines.push('# The orders table, declared for KubeVela.');
  lines.push(
    'apiVersion: core.oam.dev/v1beta1',
    `kind: Application${note('KubeVela')}`,
  );
  if (s.metadataFlow)
    lines.push('metadata: {name: orders, labels: {team: orders}}');
  else
    lines.push(
      'metadata:',
      `${pad(s.indent)}name: orders${note('the Application')}`,
      `${pad(s.indent)}labels:`,
      `${pad(2 * s.indent)}team: orders`,
    );
  lines.push('spec:', `${pad(s.indent)}components:`);
  const dash = s.indent + (s.indentSeq ? s.indent : 0);
  const col = dash + 2;
  const other = [
    `${pad(dash)}- name: web`,
    `${pad(col)}type: webservice`,
    `${pad(col)}properties:`,
    `${pad(col + s.indent)}image: nginx:1.27${note('pinned')}`,
    `${pad(col)}traits: [{type: scaler, properties: {replicas: 2}}]`,
  ];
  if (s.otherBefore) lines.push(...other);

  const encProps = s.encryption
    ? s.encryption.order
        .map(i => TRAIT_PRESETS[s.encryption!.preset][i])
        .filter(Boolean)
        .map(([k, v]): [string, string] => [
          k,
          q(v === 'CMK_OTHER' ? otherKeyArn : v),
        ])
    : [];
  type Trait = { type: string; props?: [string, string][]; style: string };
  const traits: Trait[] = [];
  if (s.protection !== 'none')
    traits.push({
      type: 'dynamodb-protection-kro',
      props: [
        ['deletionProtection', 'true'],
        ['pointInTimeRecovery', 'false'],
      ],
      style: s.protection,
    });
  if (s.streams)
    traits.push({
      type: 'dynamodb-streams-kro',
      props: [['viewType', q('NEW_IMAGE')]],
      style: 'block',
    });
  if (s.encryption)
    traits.splice(Math.min(s.encryption.position, traits.length), 0, {
      type: 'dynamodb-encryption-kro',
      props: s.encryption.props === 'absent' ? undefined : encProps,
      style: s.encryption.props,
    });
  const flowTrait = (t: Trait) =>
    t.props
      ? `{type: ${t.type}, properties: ${flowMap(t.props)}}`
      : `{type: ${t.type}}`;
  const attributes = '[{attributeName: id, attributeType: S}]';
  const tableProps: [string, string][] = [
    ['tableName', q('orders')],
    ['region', 'us-east-1'],
    ['billingMode', 'PAY_PER_REQUEST'],
  ];

  if (s.componentFlow) {
    const parts: Record<string, string | undefined> = {
      name: 'orders',
      type: 'aws-dynamodb-kro',
      properties: flowMap([
        ...tableProps,
        ['attributeDefinitions', attributes],
        ['keySchema', '[{attributeName: id, keyType: HASH}]'],
      ]),
      traits:
        s.traitsMode === 'absent'
          ? undefined
          : `[${traits.map(flowTrait).join(', ')}]`,
    };
    const pairs = s.componentOrder
      .filter(k => parts[k] !== undefined)
      .map(k => `${k}: ${parts[k]}`);
    lines.push(`${pad(dash)}- {${pairs.join(', ')}}`);
  } else {
    const block: Record<string, string[]> = {
      name: [`name: orders`],
      type: [`type: aws-dynamodb-kro${note('the table')}`],
      properties: s.propertiesFlow
        ? [
            `properties: ${flowMap([
              ...tableProps,
              ['attributeDefinitions', attributes],
              ['keySchema', '[{attributeName: id, keyType: HASH}]'],
            ])}`,
          ]
        : [
            'properties:',
            ...tableProps.map(([k, v]) => `${pad(s.indent)}${k}: ${v}`),
            ...(s.attributesFlow
              ? [`${pad(s.indent)}attributeDefinitions: ${attributes}`]
              : [
                  `${pad(s.indent)}attributeDefinitions:`,
                  `${pad(
                    s.indent + (s.indentSeq ? s.indent : 0),
                  )}- attributeName: id${note('the key')}`,
                  `${pad(
                    s.indent + (s.indentSeq ? s.indent : 0) + 2,
                  )}attributeType: S`,
                ]),
            `${pad(s.indent)}keySchema:`,
            `${pad(
              s.indent + (s.indentSeq ? s.indent : 0),
            )}- {attributeName: id, keyType: HASH}`,
          ],
      traits: [],
    };
    if (s.traitsMode === 'null') block.traits = [`traits:${note('none yet')}`];
    if (s.traitsMode === 'emptyFlow') block.traits = ['traits: []'];
    if (s.traitsMode === 'flow')
      block.traits = [`traits: [${traits.map(flowTrait).join(', ')}]`];
    if (s.traitsMode === 'block') {
      const d = s.indentSeq ? s.indent : 0;
      block.traits = ['traits:'];
      for (const t of traits) {
        if (s.comments) block.traits.push(`${pad(d)}# ${t.type}`);
        block.traits.push(`${pad(d)}- type: ${t.type}`);
        if (!t.props) continue;
        if (t.style === 'flow' || !t.props.length)
          block.traits.push(`${pad(d + 2)}properties: ${flowMap(t.props)}`);
        else {
          block.traits.push(`${pad(d + 2)}properties:`);
          t.props.forEach(([k, v], i) =>
            block.traits.push(
              `${pad(d + 2 + s.indent)}${k}: ${v}${i === 0 ? note(k) : ''}`,
            ),
          );
        }
      }
    }
    const body = s.componentOrder.flatMap(k => block[k]);
    body.forEach((line, i) =>
      lines.push(i === 0 ? `${pad(dash)}- ${line}` : `${pad(col)}${line}`),
    );
  }
  if (s.otherAfter) lines.push(...other);
  return (
    lines.map(l => `${l}`).join(s.crlf ? '\r\n' : '\n') +
    (s.crlf ? '\r\n' : '\n')
  );
}

const lineOf = (text: string, pos: number) =>
  text.slice(0, pos).split('\n').length;

function linesOf(text: string, node: Node, into: Set<number>) {
  const [start, end] = node.range!;
  const last = start + text.slice(start, end).trimEnd().length;
  for (
    let l = lineOf(text, start);
    l <= lineOf(text, Math.max(start, last - 1));
    l++
  )
    into.add(l);
}

/**
 * The lines (1-based) that hold the table's encryption trait, found with the YAML parser: the trait's own
 * lines, widened to the flow collection it sits in (which shares its lines); for a component without the
 * trait, the lines where it would go (`traits:` written as `[]` or empty). `withTraitsKey` adds the
 * `traits:` key line itself, for a manifest where the edit had to add it.
 */
export function encryptionTraitLines(text: string, withTraitsKey = false) {
  const doc = parseDocument(text);
  const components = (doc.getIn(['spec', 'components'], true) as any).items;
  const component: YAMLMap = components.find(
    (c: YAMLMap) => isMap(c) && c.get('type') === 'aws-dynamodb-kro',
  );
  const lines = new Set<number>();
  const traitsPair = component.items.find(
    p => isScalar(p.key) && p.key.value === 'traits',
  );
  const traits = traitsPair?.value as Node | null | undefined;
  const trait =
    isSeq(traits) &&
    (traits.items.find(
      t => isMap(t) && t.get('type') === 'dynamodb-encryption-kro',
    ) as Node | undefined);
  // A flow collection shares its lines: the trait's lines are the whole collection's.
  let widest: Node | undefined = trait || undefined;
  if (isSeq(traits) && traits.flow) widest = traits;
  if (component.flow) widest = component;
  if (widest) linesOf(text, widest, lines);
  if (traitsPair && (!isSeq(traits) || withTraitsKey))
    lines.add(lineOf(text, (traitsPair.key as Node).range![0]));
  return lines;
}
