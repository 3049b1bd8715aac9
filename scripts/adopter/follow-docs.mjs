// Does what docs/install.md tells an adopter, in its order, so that the adopter check proves the guide:
//   node follow-docs.mjs steps               prints the guide's steps, one a line: `run<TAB>command` for a
//                                            line of a bash block, `edit<TAB>N` for its Nth code block
//   node follow-docs.mjs edit APP N          applies that block to the app in APP
// With ADOPTER_FRONTEND=legacy (an app made by `create-app --legacy`), the guide's new-frontend block for
// App.tsx gives way to the blocks of the frontend README's "Legacy frontend system" section, whose parts
// say in a comment where they go (`// above \`entityPage\``, `// in place of \`...\``); PLACES knows each.
//   node follow-docs.mjs config APP LOCAL    adds the scaffolder README's template locations to
//                                            app-config.yaml and writes LOCAL (YAML, the sandbox's settings)
//                                            as app-config.local.yaml
// A block whose first line is a comment naming a file (`// packages/app/src/App.tsx`, `# .yarnrc.yml`) is
// applied to that file: TypeScript is added to the code, YAML merged into the file's keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GUIDE = 'docs/install.md';
const SCAFFOLDER_README =
  'plugins/scaffolder-backend-module-dynamodb-encryption/README.md';
const FRONTEND_README = 'plugins/dynamodb-encryption/README.md';
const LEGACY_SECTION = '### Legacy frontend system';
const LEGACY = process.env.ADOPTER_FRONTEND === 'legacy';

function blocks(file, section) {
  let text = readFileSync(resolve(ROOT, file), 'utf8');
  if (section) {
    const start = text.indexOf(`\n${section}\n`);
    if (start < 0) fail(`${file}: no "${section}" section`);
    const rest = text.slice(start + section.length + 2);
    // Up to the next heading of the same level or above, or the end of the file.
    const end = rest.search(/^#{1,3} /m);
    text = end < 0 ? rest : rest.slice(0, end);
  }
  const found = [];
  const fence = /^( *)```(\w+)\n([\s\S]*?)^\1```$/gm;
  for (const m of text.matchAll(fence)) {
    const indent = m[1].length;
    const body = m[3]
      .split('\n')
      .map(l => l.slice(indent))
      .join('\n');
    const first = body.split('\n')[0];
    const target = first.match(
      /^(?:\/\/|#) ((?:packages\/|\.|app-config)[\w./-]+)/,
    )?.[1];
    found.push({ lang: m[2], body, target });
  }
  return found;
}

function fail(message) {
  console.error(`follow-docs: ${message}`);
  process.exit(1);
}

// Adding keys to a config file by hand: maps merge, lists get the entries they lack.
function merge(into, from) {
  if (Array.isArray(into) && Array.isArray(from)) {
    const seen = new Set(into.map(v => JSON.stringify(v)));
    return [...into, ...from.filter(v => !seen.has(JSON.stringify(v)))];
  }
  if (into && from && typeof into === 'object' && typeof from === 'object') {
    const out = { ...into };
    for (const [k, v] of Object.entries(from)) out[k] = merge(into[k], v);
    return out;
  }
  return from === undefined ? into : from;
}

function mergeYamlFile(path, additions) {
  const current = YAML.parse(readFileSync(path, 'utf8')) ?? {};
  writeFileSync(path, YAML.stringify(merge(current, additions)));
}

function applyBackend(app, body) {
  const path = resolve(app, 'packages/backend/src/index.ts');
  const code = readFileSync(path, 'utf8');
  const statements = body.split('\n').slice(1).join('\n').trim();
  if (!code.includes('backend.start();')) fail(`no backend.start() in ${path}`);
  writeFileSync(
    path,
    code.replace('backend.start();', `${statements}\n\nbackend.start();`),
  );
}

function applyApp(app, body) {
  const path = resolve(app, 'packages/app/src/App.tsx');
  let code = readFileSync(path, 'utf8');
  const imports = body.split('\n').filter(l => l.startsWith('import '));
  // The guide writes `features: [/* ... */ plugin]`: what follows the placeholder joins the app's list.
  const added = body
    .match(/features:\s*\[\s*\/\* \.\.\. \*\/([^\]]*)\]/)?.[1]
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (!added?.length) fail(`${GUIDE}: no features to add in the App.tsx block`);
  const list = code.match(/features:\s*\[([^\]]*)\]/);
  if (!list) fail(`no features list in ${path}`);
  const entries = list[1]
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  code = code.replace(
    list[0],
    `features: [${[...entries, ...added].join(', ')}]`,
  );
  writeFileSync(path, `${imports.join('\n')}\n${code}`);
}

/** Where `const name =` (or `export const name =`) starts in the code; -1 when it is not there. */
function declarationOf(code, name) {
  return code.search(new RegExp(`^(export )?const ${name} =`, 'm'));
}

// Where each part of a legacy block goes, as its comment says, in the files `create-app --legacy` writes.
const PLACES = [
  // `// above \`entityPage\``: before that constant's declaration
  [
    /above `(\w+)`/,
    (code, part, m) => {
      const at = declarationOf(code, m[1]);
      return at < 0 ? undefined : splice(code, at, `${part}\n\n`);
    },
  ],
  // `// In \`entityPage\`, a case before the default one`: before the first case without a condition
  [
    /in `(\w+)`, a case before the default one/i,
    (code, part, m) => {
      const decl = declarationOf(code, m[1]);
      const at = decl < 0 ? -1 : code.indexOf('<EntitySwitch.Case>', decl);
      return at < 0 ? undefined : splice(code, at, `${part}\n    `);
    },
  ],
  // `// In the overview grids of … (\`a\`) and … (\`b\`)`: first in each one's grid, after its warnings
  [
    /overview grids of/i,
    (code, part, m, comment) => {
      for (const [, name] of comment.matchAll(/`(\w+)`/g)) {
        const decl = declarationOf(code, name);
        const anchor = '{entityWarningContent}';
        const at = decl < 0 ? -1 : code.indexOf(anchor, decl);
        if (at < 0) return undefined;
        code = splice(code, at + anchor.length, `\n${part}`);
      }
      return code;
    },
  ],
  [
    /in place of `(.+)`/,
    (code, part, m) =>
      code.includes(m[1]) ? code.replace(m[1], part) : undefined,
  ],
  [
    /the last of the routes \(`FlatRoutes`\)/,
    (code, part) => {
      const at = code.indexOf('</FlatRoutes>');
      return at < 0 ? undefined : splice(code, at, `${part}\n  `);
    },
  ],
  // `// In the sidebar's "Menu" group, after "Create..."`: after the item with that text
  [
    /in the sidebar's "([^"]+)" group, after "([^"]+)"/i,
    (code, part, m) => {
      const group = code.indexOf(`label="${m[1]}"`);
      const item = group < 0 ? -1 : code.indexOf(`text="${m[2]}"`, group);
      const end = item < 0 ? -1 : code.indexOf('/>', item);
      return end < 0 ? undefined : splice(code, end + 2, `\n${part}`);
    },
  ],
];

function splice(text, at, insert) {
  return text.slice(0, at) + insert + text.slice(at);
}

function applyLegacyParts(app, b) {
  const path = resolve(app, b.target);
  let code = readFileSync(path, 'utf8');
  const lines = b.body.split('\n').slice(1);
  const firstPart = lines.findIndex(l => l.startsWith('// '));
  const imports = lines.slice(0, firstPart < 0 ? lines.length : firstPart);
  const parts = [];
  for (const line of firstPart < 0 ? [] : lines.slice(firstPart)) {
    if (line.startsWith('// '))
      parts.push({ comment: line.slice(3), code: [] });
    else parts.at(-1).code.push(line);
  }
  for (const { comment, code: partLines } of parts) {
    const place = PLACES.find(([pattern]) => pattern.test(comment));
    if (!place)
      fail(
        `${FRONTEND_README}: no known place for "// ${comment}" in ${b.target}`,
      );
    const placed = place[1](
      code,
      partLines.join('\n').trim(),
      comment.match(place[0]),
      comment,
    );
    if (placed === undefined)
      fail(`${b.target}: found no place for "// ${comment}" in the app's file`);
    code = placed;
  }
  writeFileSync(path, `${imports.join('\n').trim()}\n${code}`);
}

function edit(app, b) {
  if (b.legacy) applyLegacyParts(app, b);
  else if (b.target === 'packages/backend/src/index.ts')
    applyBackend(app, b.body);
  else if (b.target === 'packages/app/src/App.tsx') applyApp(app, b.body);
  else if (b.lang === 'yaml')
    mergeYamlFile(resolve(app, b.target), YAML.parse(b.body));
  else fail(`${GUIDE}: no way to apply a ${b.lang} block to ${b.target}`);
}

const [command, app, arg] = process.argv.slice(2);
// The guide's blocks in the order an adopter of this app's frontend system meets them.
function guideBlocks() {
  const guide = blocks(GUIDE);
  if (!LEGACY) return guide;
  const newFrontend = guide.findIndex(
    b => b.target === 'packages/app/src/App.tsx' && /features:/.test(b.body),
  );
  if (newFrontend < 0)
    fail(`${GUIDE}: no new-frontend App.tsx block to replace`);
  const legacy = blocks(FRONTEND_README, LEGACY_SECTION).map(b => ({
    ...b,
    legacy: true,
  }));
  return [
    ...guide.slice(0, newFrontend),
    ...legacy,
    ...guide.slice(newFrontend + 1),
  ];
}

const guide = guideBlocks();
if (command === 'steps') {
  guide.forEach((b, n) => {
    if (b.lang === 'bash') {
      for (const cmd of b.body.replace(/\\\n\s*/g, ' ').split('\n')) {
        if (cmd.trim() && !cmd.trim().startsWith('#'))
          console.log(`run\t${cmd.trim()}`);
      }
    } else if (b.target) console.log(`edit\t${n}`);
  });
} else if (command === 'edit' && app && guide[Number(arg)]?.target) {
  edit(app, guide[Number(arg)]);
} else if (command === 'config' && app && arg) {
  // The guide sends adopters to the scaffolder module's README for the template's catalog locations.
  let locations = [];
  for (const b of blocks(SCAFFOLDER_README)) {
    const doc = b.lang === 'yaml' ? YAML.parse(b.body) : undefined;
    if (doc?.catalog?.locations && Object.keys(doc).length === 1)
      locations = merge(locations, doc.catalog.locations);
  }
  if (!locations.length) fail(`${SCAFFOLDER_README}: no template location`);
  // Config lists replace each other across files: the sandbox's own entities join app-config.yaml's list.
  const sandbox = YAML.parse(readFileSync(arg, 'utf8'));
  locations = merge(locations, sandbox.catalog?.locations ?? []);
  delete sandbox.catalog?.locations;
  if (sandbox.catalog && !Object.keys(sandbox.catalog).length)
    delete sandbox.catalog;
  mergeYamlFile(resolve(app, 'app-config.yaml'), { catalog: { locations } });
  writeFileSync(resolve(app, 'app-config.local.yaml'), YAML.stringify(sandbox));
} else {
  fail('usage: follow-docs.mjs steps | edit APP N | config APP LOCAL_CONFIG');
}
