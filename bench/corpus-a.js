// Corpus A: real code that no one here wrote, the JavaScript and TypeScript
// sources shipped in installed packages. Picked deterministically (sorted,
// evenly spaced) so two runs on the same lockfile lint the same files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the files come from, and how many each group gives at most. */
const GROUPS = [
  { label: 'mongodb/src/**/*.ts', dirs: ['node_modules/mongodb/src'], ext: '.ts', max: 132 },
  { label: 'eslint/lib/**/*.js', dirs: ['node_modules/eslint/lib'], ext: '.js', max: 234 },
  { label: '@typescript-eslint/*/dist/**/*.js', dirs: 'typescript-eslint-dists', ext: '.js', max: 234 },
];

/** The files under `dir` (relative to `root`) whose names end in `ext`, sorted. */
function filesUnder(root, dir, ext) {
  let names;
  try {
    names = readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(ext) && !name.endsWith('.d.ts') && !name.split(path.sep).includes('node_modules'))
    .map((name) => path.join(dir, name).split(path.sep).join('/'))
    .sort();
}

/** `count` items spread evenly over `list`, keeping its order. */
function evenlySpaced(list, count) {
  if (list.length <= count) return list;
  return Array.from({ length: count }, (_, index) => list[Math.floor((index * list.length) / count)]);
}

function typescriptEslintDists(root) {
  const scope = path.join(root, 'node_modules/@typescript-eslint');
  return readdirSync(scope)
    .sort()
    .map((name) => `node_modules/@typescript-eslint/${name}/dist`);
}

function versionOf(root, name) {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

/**
 * The corpus: `files` (paths relative to `root`), per-group counts, total
 * lines, and the versions of the packages it comes from.
 */
export function corpusA(root) {
  const groups = [];
  const files = [];
  for (const group of GROUPS) {
    const dirs = group.dirs === 'typescript-eslint-dists' ? typescriptEslintDists(root) : group.dirs;
    const all = dirs.flatMap((dir) => filesUnder(root, dir, group.ext));
    const picked = evenlySpaced(all, group.max);
    groups.push({ label: group.label, available: all.length, picked: picked.length });
    files.push(...picked);
  }
  let lines = 0;
  for (const file of files) lines += readFileSync(path.join(root, file), 'utf8').split('\n').length;
  return {
    files,
    groups,
    lines,
    versions: {
      mongodb: versionOf(root, 'mongodb'),
      eslint: versionOf(root, 'eslint'),
      'typescript-eslint': versionOf(root, '@typescript-eslint/parser'),
    },
  };
}
