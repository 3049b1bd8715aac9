import { cueExportBatch, readDefinition } from './cue';

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
 * One component as KubeVela evaluates it, in a struct of its own: the component template with its
 * properties, each trait template with its properties (each definition in its own scope, as KubeVela
 * compiles them one by one), and every trait `patch` unified onto the component output by CUE itself, so
 * conflicts are CUE's conflicts. The result holds the unified output and each trait's `errs`.
 */
async function componentCase(
  component: ApplicationComponent,
  definitionsDir: string,
): Promise<string> {
  const context = `context: name: ${json(component.name)}\n`;
  const scope = async (type: string, properties: unknown) =>
    `{\n${await readDefinition(
      definitionsDir,
      type,
    )}\n${context}template: parameter: ${json(properties)}\n}`;
  const traits = component.traits ?? [];
  const parts = [`comp: ${await scope(component.type, component.properties)}`];
  for (const [i, trait] of traits.entries())
    parts.push(`t${i}: ${await scope(trait.type, trait.properties)}`);
  const patches = traits.map((_, i) => ` & t${i}.template.patch`).join('');
  const errs = traits
    .map((t, i) => `${json(t.type)}: *t${i}.template.errs | []`)
    .join(', ');
  parts.push(`result: {out: comp.template.output${patches}, errs: {${errs}}}`);
  return `{\n${parts.join('\n')}\n}`;
}

/**
 * Evaluates many Applications' aws-dynamodb-kro components in one `cue` run: each Application gives its
 * kro instances, or the error CUE or a trait's `errs` gave for it.
 */
export async function evaluateApplications(
  apps: unknown[],
  definitionsDir: string,
): Promise<(KroInstance[] | Error)[]> {
  const results: (KroInstance[] | Error)[] = [];
  const cases: { app: number; source: string }[] = [];
  for (const [i, app] of apps.entries()) {
    try {
      for (const component of components(app)) {
        if (component.type !== 'aws-dynamodb-kro') continue;
        cases.push({
          app: i,
          source: await componentCase(component, definitionsDir),
        });
      }
      results[i] = [];
    } catch (e) {
      results[i] = e as Error;
    }
  }
  const evaluated = await cueExportBatch(cases.map(c => c.source));
  for (const [n, value] of evaluated.entries()) {
    const i = cases[n].app;
    if (results[i] instanceof Error) continue;
    if (value instanceof Error) {
      results[i] = value;
      continue;
    }
    const { out, errs } = value as {
      out: KroInstance;
      errs: Record<string, string[]>;
    };
    const refused = Object.entries(errs).find(([, e]) => e.length);
    results[i] = refused
      ? new TraitRefusedError(refused[0], refused[1])
      : [...(results[i] as KroInstance[]), out];
  }
  return results;
}

/** Evaluates one Application (see evaluateApplications); throws what CUE or a trait refused. */
export async function evaluateApplication(
  app: unknown,
  definitionsDir: string,
): Promise<KroInstance[]> {
  const [result] = await evaluateApplications([app], definitionsDir);
  if (result instanceof Error) throw result;
  return result;
}
