// Which Backstage packages our packages add a second copy of, in an adopter's app:
//   node copies.mjs BEFORE_LOCK AFTER_LOCK SCOPE
// BEFORE_LOCK is the fresh app's yarn.lock, AFTER_LOCK the same app's after installing the packages of
// @SCOPE/*. Prints the Backstage packages the app holds in several versions before and after, and fails
// when a version one of our packages depends on is a copy the app did not have beside another one.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

const [beforeFile, afterFile, scope] = process.argv.slice(2);

function read(file) {
  const lock = YAML.parse(readFileSync(file, 'utf8'));
  const byDescriptor = new Map();
  const versions = new Map();
  const entries = [];
  for (const [keys, entry] of Object.entries(lock)) {
    if (keys === '__metadata' || !entry.resolution) continue;
    for (const k of keys.split(/,\s*/)) byDescriptor.set(k.trim(), entry);
    const name = entry.resolution.slice(0, entry.resolution.indexOf('@', 1));
    if (!versions.has(name)) versions.set(name, new Set());
    versions.get(name).add(entry.version);
    entries.push({ name, entry });
  }
  const resolve = (name, range) =>
    byDescriptor.get(`${name}@${range.includes(':') ? range : `npm:${range}`}`);
  return { versions, entries, resolve };
}

const backstage = name => name.startsWith('@backstage/');
const several = lock =>
  [...lock.versions]
    .filter(([name, set]) => backstage(name) && set.size > 1)
    .map(([name, set]) => `${name} ${[...set].sort().join(', ')}`);

const before = read(beforeFile);
const after = read(afterFile);
console.log(
  `Backstage packages in several versions, fresh app: ${
    several(before).length
  }`,
);
for (const line of several(before)) console.log(`  ${line}`);
console.log(`... after adding @${scope}/*: ${several(after).length}`);
for (const line of several(after)) console.log(`  ${line}`);

const added = [];
for (const { name, entry } of after.entries) {
  if (!name.startsWith(`@${scope}/`)) continue;
  for (const [dep, range] of Object.entries(entry.dependencies ?? {})) {
    if (!backstage(dep) || !before.versions.has(dep)) continue;
    const version = after.resolve(dep, range)?.version;
    if (version && !before.versions.get(dep).has(version))
      added.push(
        `${name} needs ${dep}@${range}: ${version}, the app has ${[
          ...before.versions.get(dep),
        ].join(', ')}`,
      );
  }
}
if (added.length) {
  console.error('Our packages add a second copy of:');
  for (const line of [...new Set(added)]) console.error(`  ${line}`);
  process.exit(1);
}
console.log(
  `@${scope}/* adds no second copy of a Backstage package the app already has.`,
);
