import { isCelError, isCelList, isCelMap, run } from '@bufbuild/cel';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { KroInstance } from './application';

/** A kro ResourceGraphDefinition, as far as this evaluator needs it. */
export interface ResourceGraphDefinition {
  spec: {
    schema: { spec: Record<string, unknown>; types?: Record<string, unknown> };
    resources: { id: string; template: Record<string, unknown> }[];
  };
}

export async function loadRgd(path: string): Promise<ResourceGraphDefinition> {
  return parse(await readFile(path, 'utf8'));
}

/** Raised when an instance does not satisfy the RGD's SimpleSchema; names the field. */
export class SchemaError extends Error {}

function marker(definition: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}=("(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(
    definition,
  );
  return m?.[1];
}

/**
 * Applies SimpleSchema defaults, `required` and `enum` markers to an instance's spec, as kro does before
 * it evaluates any expression. Nested objects whose children all have defaults default to `{}`.
 */
export function applySchema(
  schema: Record<string, unknown>,
  value: Record<string, unknown>,
  path = 'spec',
) {
  const out: Record<string, unknown> = { ...value };
  for (const [field, definition] of Object.entries(schema)) {
    const where = `${path}.${field}`;
    if (definition && typeof definition === 'object') {
      out[field] = applySchema(
        definition as Record<string, unknown>,
        (out[field] ?? {}) as Record<string, unknown>,
        where,
      );
      continue;
    }
    const text = String(definition);
    if (out[field] === undefined) {
      const fallback = marker(text, 'default');
      if (fallback !== undefined) out[field] = JSON.parse(fallback);
      else if (marker(text, 'required') === 'true')
        throw new SchemaError(`${where} is required`);
    }
    const allowed = marker(text, 'enum');
    if (
      allowed &&
      out[field] !== undefined &&
      !JSON.parse(allowed).split(',').includes(out[field])
    ) {
      throw new SchemaError(`${where} must be one of ${JSON.parse(allowed)}`);
    }
  }
  return out;
}

function toCel(value: unknown): any {
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

function fromCel(value: unknown): unknown {
  if (isCelMap(value))
    return Object.fromEntries(
      [...value.entries()].map(([k, v]) => [String(k), fromCel(v)]),
    );
  if (isCelList(value)) return [...value].map(fromCel);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

const WHOLE = /^\$\{([\s\S]*)\}$/;
const PART = /\$\{([^}]*)\}/g;

function evaluate(
  expression: string,
  bindings: Record<string, unknown>,
): unknown {
  const result = run(expression, bindings as any);
  if (isCelError(result))
    throw new Error(`CEL ${expression.trim()}: ${result.message}`);
  return fromCel(result);
}

function render(node: unknown, bindings: Record<string, unknown>): unknown {
  if (typeof node === 'string') {
    const whole = WHOLE.exec(node.trim());
    if (whole) return evaluate(whole[1], bindings);
    return node.replace(PART, (_, e) => String(evaluate(e, bindings)));
  }
  if (Array.isArray(node)) return node.map(n => render(n, bindings));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, render(v, bindings)]),
    );
  }
  return node;
}

/**
 * Renders the RGD's resource `id` for a kro instance: schema defaults first, then every `${...}` CEL
 * expression of the template, evaluated by a real CEL implementation.
 */
export function renderResource(
  rgd: ResourceGraphDefinition,
  instance: KroInstance,
  id: string,
) {
  const resource = rgd.spec.resources.find(r => r.id === id);
  if (!resource) throw new Error(`the RGD has no resource ${id}`);
  const spec = applySchema(rgd.spec.schema.spec, instance.spec);
  const bindings = { schema: toCel({ metadata: instance.metadata, spec }) };
  return render(resource.template, bindings) as {
    metadata: { name: string; annotations?: Record<string, string> };
    spec: Record<string, any>;
  };
}
