// CPU profile of the rule: lints corpus A, corpus B (8x) or the typed
// fixtures (type-aware mode) with only the rule on, under V8's sampling profiler (the one `node --cpu-prof` uses), and
// prints the functions of the built plugin (dist/) with the most self time,
// their inclusive time, and who calls them.
//
//   npm run build && node bench/profile.js [a|b|typed|all] [--interval=µs] [--save=file.cpuprofile]
//   node bench/profile.js --from=file.cpuprofile   (summarise a `node --cpu-prof` profile)
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusA } from './corpus-a.js';
import { corpusB } from './corpus-b.js';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { loadPlugin, makeEslint, ROOT, RULE_ID, RULE_OPTIONS } from './lint.js';

const DIST_URL = pathToFileURL(path.join(ROOT, 'dist')).href + '/';
const DIST_PATH = path.join(ROOT, 'dist') + path.sep;

function option(name, fallback) {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

function isOurs(frame) {
  return frame.url.startsWith(DIST_URL) || frame.url.startsWith(DIST_PATH);
}

function frameKey(frame) {
  const file = isOurs(frame)
    ? frame.url.slice(frame.url.startsWith(DIST_URL) ? DIST_URL.length : DIST_PATH.length)
    : path.basename(frame.url || '(native)');
  return `${frame.functionName || '(anonymous)'} ${file}:${String(frame.lineNumber + 1)}`;
}

function add(map, key, value) {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Self and inclusive time of the plugin's functions, in ms, from a V8 CPU profile. */
export function summarise(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const self = new Map();
  const inclusive = new Map();
  const callers = new Map();
  const outside = new Map();
  let total = 0;
  let ours = 0;
  profile.samples.forEach((id, index) => {
    const duration = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    total += duration;
    const stack = [];
    for (let current = id; current !== undefined; current = parents.get(current)) stack.push(nodes.get(current));
    const seen = new Set();
    for (const node of stack) {
      if (!isOurs(node.callFrame)) continue;
      const key = frameKey(node.callFrame);
      if (!seen.has(key)) add(inclusive, key, duration);
      seen.add(key);
    }
    if (seen.size === 0) return;
    ours += duration;
    const leaf = stack[0];
    if (isOurs(leaf.callFrame)) {
      const key = frameKey(leaf.callFrame);
      add(self, key, duration);
      const caller = stack[1];
      if (caller) {
        if (!callers.has(key)) callers.set(key, new Map());
        add(callers.get(key), frameKey(caller.callFrame), duration);
      }
    } else {
      // Time spent in ESLint, the scope manager or built-ins on behalf of our code.
      const nearest = stack.find((node) => isOurs(node.callFrame));
      add(outside, `${frameKey(leaf.callFrame)} ← ${frameKey(nearest.callFrame)}`, duration);
    }
  });
  const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  const percent = (value) => `${((100 * value) / ours).toFixed(1)}%`;
  const lines = [
    `profile: ${total.toFixed(0)} ms sampled; in the plugin (inclusive, dist/): ${ours.toFixed(0)} ms = ${((100 * ours) / total).toFixed(1)}% of all`,
    `top self time in dist/ (percentages of the plugin's inclusive time):`,
  ];
  for (const [key, value] of sorted(self).slice(0, top)) {
    const from = sorted(callers.get(key) ?? new Map())
      .slice(0, 2)
      .map(([caller, time]) => `${caller} ${percent(time)}`)
      .join('; ');
    lines.push(
      `  ${value.toFixed(1).padStart(7)} ms ${percent(value).padStart(6)} self, ${percent(inclusive.get(key) ?? 0).padStart(6)} incl  ${key}   ← ${from}`,
    );
  }
  lines.push(`top inclusive time in dist/:`);
  for (const [key, value] of sorted(inclusive).slice(0, top)) {
    lines.push(`  ${value.toFixed(1).padStart(7)} ms ${percent(value).padStart(6)} incl  ${key}`);
  }
  lines.push(`top time outside dist/ called from dist/ (leaf ← nearest plugin frame):`);
  for (const [key, value] of sorted(outside).slice(0, top)) {
    lines.push(`  ${value.toFixed(1).padStart(7)} ms ${percent(value).padStart(6)}  ${key}`);
  }
  return lines.join('\n');
}

async function profileRun(label, lint) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: Number(option('interval', '100')) });
  await lint(); // warm-up, not profiled
  await session.post('Profiler.start');
  await lint();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const save = option('save', undefined);
  if (save) writeFileSync(save.replace(/(\.cpuprofile)?$/, `-${label}.cpuprofile`), JSON.stringify(profile));
  console.log(`\n== corpus ${label} ==`);
  console.log(summarise(profile));
}

const from = option('from', undefined);
if (from) {
  console.log(summarise(JSON.parse(readFileSync(from, 'utf8'))));
} else {
  const which = process.argv.find((argument) => ['a', 'b', 'typed', 'all', 'both'].includes(argument)) ?? 'all';
  const wanted = (corpus) => which === corpus || which === 'all' || (which === 'both' && corpus !== 'typed');
  const plugin = await loadPlugin();
  const eslint = makeEslint({ plugin, rules: { [RULE_ID]: ['error', RULE_OPTIONS] }, stats: false });
  if (wanted('a')) {
    const { files } = corpusA(ROOT);
    await profileRun('A', () => eslint.lintFiles(files));
  }
  if (wanted('b')) {
    const text = corpusB(8);
    const filePath = path.join(ROOT, 'bench', 'corpus-b.generated.ts');
    await profileRun('B-8x', async () => {
      for (let i = 0; i < 20; i++) await eslint.lintText(text, { filePath });
    });
  }
  const typed = plugin.configs['recommended-type-checked'];
  if (wanted('typed') && typed) {
    const typedEslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      allowInlineConfig: false,
      overrideConfig: [
        typed,
        {
          files: ['**/*.ts'],
          languageOptions: {
            parser: tsParser,
            parserOptions: { projectService: true, tsconfigRootDir: path.join(ROOT, 'bench', 'fixtures', 'typed') },
          },
          rules: { [RULE_ID]: ['error', RULE_OPTIONS] },
        },
      ],
    });
    await profileRun('typed', async () => {
      for (let i = 0; i < 5; i++) await typedEslint.lintFiles(['bench/fixtures/typed/*.ts']);
    });
  }
}
