import { cueExport, readDefinition } from './cue';

/** A kro DynamoDBTable instance: what KubeVela applies for one aws-dynamodb-kro component. */
export interface KroInstance {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

interface ApplicationComponent {
  name: string;
  type: string;
  properties?: Record<string, unknown>;
  traits?: { type: string; properties?: Record<string, unknown> }[];
}

/** Trait parameters that the trait's own `errs` refuse. */
export class TraitRefusedError extends Error {
  constructor(readonly trait: string, readonly errors: string[]) {
    super(`${trait}: ${errors.join('; ')}`);
  }
}

function components(app: unknown): ApplicationComponent[] {
  const a = app as {
    apiVersion?: string;
    kind?: string;
    spec?: { components?: unknown };
  };
  if (a?.apiVersion !== 'core.oam.dev/v1beta1' || a.kind !== 'Application') {
    throw new Error('not a KubeVela Application (core.oam.dev/v1beta1)');
  }
  if (!Array.isArray(a.spec?.components))
    throw new Error('spec.components must be a list');
  return a.spec!.components as ApplicationComponent[];
}

const json = (value: unknown) => JSON.stringify(value ?? {});

/**
 * Evaluates an Application's aws-dynamodb-kro components the way KubeVela does: each component template with
 * its properties, each trait template with its properties (refusing on `errs`), then every trait `patch`
 * unified onto the component output by CUE itself, so conflicts are CUE's conflicts.
 */
export async function evaluateApplication(
  app: unknown,
  definitionsDir: string,
): Promise<KroInstance[]> {
  const instances: KroInstance[] = [];
  for (const component of components(app)) {
    if (component.type !== 'aws-dynamodb-kro') continue;
    const context = `context: name: ${json(component.name)}\n`;
    const componentDef = await readDefinition(definitionsDir, component.type);
    const output = await cueExport(
      [
        componentDef,
        context,
        `template: parameter: ${json(component.properties)}`,
      ],
      'template.output',
    );
    const patches: unknown[] = [];
    for (const trait of component.traits ?? []) {
      const traitDef = await readDefinition(definitionsDir, trait.type);
      const evaluated = (await cueExport(
        [traitDef, context, `template: parameter: ${json(trait.properties)}`],
        'template',
      )) as { patch?: unknown; errs?: string[] };
      if (evaluated.errs?.length)
        throw new TraitRefusedError(trait.type, evaluated.errs);
      patches.push(evaluated.patch ?? {});
    }
    const unified = await cueExport(
      [`out: ${json(output)}`, ...patches.map(p => `out: ${json(p)}`)],
      'out',
    );
    instances.push(unified as KroInstance);
  }
  return instances;
}
