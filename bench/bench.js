// `npm run bench`: how much the rule costs, from ESLint's own per-rule
// timings (`new ESLint({ stats: true })`), medians of several runs in one
// process after a warm-up run. Ratios are taken within each run, then the
// median of those is printed. Not part of `npm test`.
//
//   npm run bench                      (builds, then runs this with --expose-gc)
//   node --expose-gc bench/bench.js [--runs=5] [--only=a,b,heap,typed]
//
// Figures (1-3 with a target, PASS/FAIL; 4 and 5 for information), printed
// as a Markdown table at the end:
//   1. rule time / core `no-unused-vars` time on corpus A (real code), with the
//      rule after `no-unused-vars` and first (the first rule of each file pays
//      ESLint's per-file context set-up: measured with a probe rule and printed;
//      beside it, for information, the two rules' own times with the collector's
//      pauses set apart, since ESLint's timing charges a pause to the rule it falls in);
//   2. the rule's share of the whole lint time, parse included, on corpus A;
//   1b, 2b. the same for both rules together (`no-iterator-outlives-pool` and
//      `no-pool-used-after-close`, which share one analysis per file);
//   3. the rule's own time (bench/rule-clock.js: the collector's pauses set apart)
//      on corpus B (generated, pool-heavy) at 8x / at 1x: linear?
//   4. heap the rule adds while linting corpus B 8x;
//   5. type-aware mode: rule / `@typescript-eslint/no-floating-promises` on
//      real typed code (the TypeScript sources of the mongodb driver, with its
//      own tsconfig.json), when dist has `configs['recommended-type-checked']`;
//   6. the same on the typed modules in bench/fixtures/typed, where every
//      function holds a pool: the worst case, for information, next to the
//      rule's time there without type information.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import { corpusA } from './corpus-a.js';
import { corpusB, EXPECTED_PER_REPETITION } from './corpus-b.js';
import { clockedPlugin, split, watchCollector } from './rule-clock.js';
import { loadPlugin, makeEslint, median, ROOT, RULE_ID, RULE_OPTIONS, sumTimes, USE_RULE_ID } from './lint.js';

const NO_UNUSED_VARS = 'no-unused-vars';
const FLOOR_ID = 'bench/listeners-only';
const HEAP_PROBE_ID = 'bench/heap-probe';
const NO_FLOATING_PROMISES = '@typescript-eslint/no-floating-promises';
const SIZES = [1, 2, 4, 8];
const CORPUS_B_PATH = path.join(ROOT, 'bench', 'corpus-b.generated.ts');
/** Typed corpora: the files, and the directory whose tsconfig.json types them. */
const TYPED_REAL = {
  label: "mongodb's TypeScript sources (node_modules/mongodb/src, its own tsconfig.json)",
  files: ['node_modules/mongodb/src/**/*.ts'],
  tsconfigRootDir: path.join(ROOT, 'node_modules', 'mongodb'),
};
const TYPED_FIXTURES = {
  label: 'typed pool-heavy modules (bench/fixtures/typed)',
  files: ['bench/fixtures/typed/*.ts'],
  tsconfigRootDir: path.join(ROOT, 'bench', 'fixtures', 'typed'),
};

function option(name, fallback) {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

const RUNS = Math.max(1, Number(option('runs', '5')));
const ONLY = new Set(option('only', 'a,b,heap,typed').split(','));

const ms = (value) => value.toFixed(1);
const ratio = (value) => value.toFixed(2);
const percent = (value) => `${(100 * value).toFixed(2)}%`;
const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** `global.gc`, also when node was started without --expose-gc. */
function garbageCollector() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

/**
 * A rule with the same listeners as the real one (the same selectors and
 * code-path events, and the real `create()`), each doing nothing: what ESLint's
 * dispatch and the `stats` timing wrappers cost for that listener set.
 */
function listenersOnlyRule(rule) {
  const nothing = () => undefined;
  return {
    meta: rule.meta,
    create(context) {
      return Object.fromEntries(Object.keys(rule.create(context)).map((selector) => [selector, nothing]));
    },
  };
}

/**
 * A rule that collects garbage and records the heap in use when the traversal
 * starts (`Program`: the AST, tokens and scopes are built) and when it ends
 * (`Program:exit`, after the other rules' own `Program:exit`).
 */
function heapProbeRule(samples, gc) {
  const sample = (key) => () => {
    gc();
    samples[key] = process.memoryUsage().heapUsed;
  };
  return {
    meta: { type: 'problem', schema: [] },
    create() {
      return { Program: sample('start'), 'Program:exit': sample('end') };
    },
  };
}

/**
 * The text prefilter alone (analysis/core/text-prefilter.ts), timed directly on
 * corpus A's texts, with each file's comments as the rule gives them (parsed
 * once, before the timing): the floor rule reads the file's analysis that the
 * rule recorded before it, so the floor holds no scan. Per run of the corpus:
 * the median of `RUNS` passes after one, and how many files have a marker.
 */
async function measurePrefilter(files) {
  const { resolveSettings } = await import(new URL('../dist/analysis/core/options.js', import.meta.url).href);
  const { scanText } = await import(new URL('../dist/analysis/core/text-prefilter.js', import.meta.url).href);
  const settings = resolveSettings([RULE_OPTIONS], RULE_OPTIONS);
  const texts = files.map((file) => readFileSync(path.join(ROOT, file), 'utf8'));
  // The JavaScript of corpus A is CommonJS, as in the lint's config.
  const parsed = texts.map(
    (text, index) => tsParser.parseForESLint(text, { range: true, comment: true, sourceType: files[index].endsWith('.js') ? 'script' : 'module' }).ast,
  );
  const times = [];
  let marked = 0;
  for (let run = 0; run <= RUNS; run++) {
    marked = 0;
    const start = performance.now();
    for (const [index, text] of texts.entries()) if (scanText(text, settings, parsed[index])) marked++;
    if (run > 0) times.push(performance.now() - start);
  }
  const megabytes = texts.reduce((sum, text) => sum + text.length, 0) / 1e6;
  return { time: median(times), marked, megabytes };
}

/**
 * Corpus A: the rule against `no-unused-vars`, and its share of the whole lint.
 * `ruleFirst`: the rule runs before `no-unused-vars` (and pays for what the first
 * rule of each file pays, see `measureFirstRule`), or after it.
 */
async function measureCorpusA(plugin, ruleFirst = true) {
  const corpus = corpusA(ROOT);
  const floor = { rules: { 'listeners-only': listenersOnlyRule(plugin.rules['no-iterator-outlives-pool']) } };
  const rule = { [RULE_ID]: ['error', RULE_OPTIONS] };
  const eslint = makeEslint({
    plugin,
    plugins: { bench: floor },
    rules: ruleFirst
      ? { ...rule, [NO_UNUSED_VARS]: 'error', [FLOOR_ID]: ['error', RULE_OPTIONS] }
      : { [NO_UNUSED_VARS]: 'error', ...rule, [FLOOR_ID]: ['error', RULE_OPTIONS] },
  });
  const ids = [RULE_ID, NO_UNUSED_VARS, FLOOR_ID];
  const runs = [];
  let reports = 0;
  let fatal = 0;
  for (let run = 0; run <= RUNS; run++) {
    const results = await eslint.lintFiles(corpus.files);
    const sums = sumTimes(results, ids);
    if (run === 0) {
      // Warm-up: not measured. Count the rule's reports and parse failures once.
      reports = results.reduce((count, result) => count + result.messages.filter((m) => m.ruleId === RULE_ID).length, 0);
      fatal = sums.fatal;
      continue;
    }
    // The listeners-only rule is there for the floor line only: its time is taken out of the total.
    const total = sums.total - sums.rules[FLOOR_ID];
    runs.push({
      rule: sums.rules[RULE_ID],
      noUnusedVars: sums.rules[NO_UNUSED_VARS],
      floor: sums.rules[FLOOR_ID],
      parse: sums.parse,
      total,
      versusNoUnusedVars: sums.rules[RULE_ID] / sums.rules[NO_UNUSED_VARS],
      share: sums.rules[RULE_ID] / total,
    });
  }
  const pick = (key) => median(runs.map((run) => run[key]));
  return {
    corpus,
    reports,
    fatal,
    rule: pick('rule'),
    noUnusedVars: pick('noUnusedVars'),
    floor: pick('floor'),
    parse: pick('parse'),
    total: pick('total'),
    versusNoUnusedVars: pick('versusNoUnusedVars'),
    share: pick('share'),
  };
}

/**
 * Corpus A with both rules on: their time together against `no-unused-vars`, and their
 * share of the whole lint. `rulesFirst`: both run before `no-unused-vars`, or after it.
 */
async function measureBothRules(plugin, rulesFirst) {
  const corpus = corpusA(ROOT);
  const both = { [RULE_ID]: ['error', RULE_OPTIONS], [USE_RULE_ID]: ['error', RULE_OPTIONS] };
  const eslint = makeEslint({
    plugin,
    rules: rulesFirst ? { ...both, [NO_UNUSED_VARS]: 'error' } : { [NO_UNUSED_VARS]: 'error', ...both },
  });
  const ids = [RULE_ID, USE_RULE_ID, NO_UNUSED_VARS];
  const runs = [];
  let reports = 0;
  for (let run = 0; run <= RUNS; run++) {
    const results = await eslint.lintFiles(corpus.files);
    const sums = sumTimes(results, ids);
    if (run === 0) {
      reports = results.reduce((count, result) => count + result.messages.filter((m) => m.ruleId === USE_RULE_ID).length, 0);
      continue;
    }
    const rules = sums.rules[RULE_ID] + sums.rules[USE_RULE_ID];
    runs.push({
      first: sums.rules[RULE_ID],
      second: sums.rules[USE_RULE_ID],
      noUnusedVars: sums.rules[NO_UNUSED_VARS],
      total: sums.total,
      versusNoUnusedVars: rules / sums.rules[NO_UNUSED_VARS],
      share: rules / sums.total,
    });
  }
  const pick = (key) => median(runs.map((run) => run[key]));
  return {
    reports,
    first: pick('first'),
    second: pick('second'),
    noUnusedVars: pick('noUnusedVars'),
    total: pick('total'),
    versusNoUnusedVars: pick('versusNoUnusedVars'),
    share: pick('share'),
  };
}

/**
 * What the first rule of each file pays before doing anything: two probe rules
 * that only read `context.sourceCode` and its text, one before `no-unused-vars`
 * and one after. ESLint gives each file a new context that every rule's context
 * inherits from; the first read through it is the slow one.
 */
async function measureFirstRule(plugin) {
  const probe = { meta: { type: 'problem', schema: [] }, create: (context) => (context.sourceCode.text.length >= 0 ? {} : {}) };
  const eslint = makeEslint({
    plugin,
    plugins: { probe: { rules: { first: probe, second: probe } } },
    rules: { 'probe/first': 'error', [NO_UNUSED_VARS]: 'error', 'probe/second': 'error' },
  });
  const ids = ['probe/first', 'probe/second', NO_UNUSED_VARS];
  const { files } = corpusA(ROOT);
  await eslint.lintFiles(files);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(sumTimes(await eslint.lintFiles(files), ids).rules);
  const pick = (id) => median(runs.map((sums) => sums[id] / sums[NO_UNUSED_VARS]));
  return { first: pick('probe/first'), second: pick('probe/second') };
}

/**
 * Corpus A, the rule after `no-unused-vars`, each with a clock around its `create()` and listeners
 * (bench/rule-clock.js): their own times, with the collector's pauses that fell inside each set apart, and the
 * pauses. ESLint's timing (figure 1) charges a pause to the rule it falls in, and most fall in `no-unused-vars`:
 * for information, the ratio of own times beside it. Medians of `RUNS` runs after one.
 */
async function measureOwnTimes(plugin) {
  const ruleName = RULE_ID.split('/')[1];
  const { plugin: clocked, intervals } = clockedPlugin(plugin, ruleName);
  const otherIntervals = [];
  const { plugin: other } = clockedPlugin({ rules: { [NO_UNUSED_VARS]: builtinRules.get(NO_UNUSED_VARS) } }, NO_UNUSED_VARS, otherIntervals);
  const eslint = makeEslint({
    plugin: clocked,
    plugins: { bench: other },
    rules: { [`bench/${NO_UNUSED_VARS}`]: 'error', [RULE_ID]: ['error', RULE_OPTIONS] },
    stats: false,
  });
  const { files } = corpusA(ROOT);
  const collector = watchCollector();
  const runs = [];
  for (let run = 0; run <= RUNS; run++) {
    intervals.length = 0;
    otherIntervals.length = 0;
    collector.pauses.length = 0;
    await eslint.lintFiles(files);
    await collector.flush();
    if (run === 0) continue;
    runs.push({ rule: split(intervals, collector.pauses), other: split(otherIntervals, collector.pauses) });
  }
  collector.stop();
  const pick = (read) => median(runs.map(read));
  return {
    rule: pick((run) => run.rule.own),
    rulePauses: pick((run) => run.rule.collecting),
    other: pick((run) => run.other.own),
    otherPauses: pick((run) => run.other.collecting),
    versus: pick((run) => run.rule.own / run.other.own),
  };
}

function countByMessage(messages) {
  const counts = {};
  for (const message of messages) {
    if (message.fatal) throw new Error(`corpus B does not parse: ${message.message} (line ${String(message.line)})`);
    if (message.ruleId === RULE_ID) counts[message.messageId] = (counts[message.messageId] ?? 0) + 1;
  }
  return counts;
}

/**
 * Corpus B: the rule alone at 1x, 2x, 4x and 8x; sizes interleaved within each run.
 * The rule's time is its own (bench/rule-clock.js): its create() and listeners less
 * the collector's pauses that fell in them. At 8x the parser's allocations make
 * collections due while the rule runs, a third of its ESLint-timed total in some
 * runs and none in others, which says nothing about how the rule grows. ESLint's
 * timing of the same lints is printed beside it.
 */
async function measureCorpusB(plugin) {
  const { plugin: clocked, intervals } = clockedPlugin(plugin, RULE_ID.split('/')[1]);
  const eslint = makeEslint({ plugin: clocked, rules: { [RULE_ID]: ['error', RULE_OPTIONS] } });
  const texts = new Map(SIZES.map((size) => [size, corpusB(size)]));
  const collector = watchCollector();
  const lint = async (size) => {
    intervals.length = 0;
    collector.pauses.length = 0;
    const result = (await eslint.lintText(texts.get(size), { filePath: CORPUS_B_PATH }))[0];
    await collector.flush();
    return { result, own: split(intervals, collector.pauses).own };
  };
  const sizes = new Map();
  for (const size of SIZES) {
    const { result } = await lint(size);
    sizes.set(size, { lines: texts.get(size).split('\n').length, reports: countByMessage(result.messages), times: [], stats: [] });
  }
  for (let warm = 0; warm < 2; warm++) await lint(8);
  // At 1x the rule takes about a millisecond: more runs than elsewhere keep the ratio steady.
  const runs = Math.max(5 * RUNS, 25);
  const growth = [];
  const parseGrowth = [];
  for (let run = 0; run < runs; run++) {
    const times = {};
    const parse = {};
    for (const size of SIZES) {
      const { result, own } = await lint(size);
      const sums = sumTimes([result], [RULE_ID]);
      times[size] = own;
      parse[size] = sums.parse;
      sizes.get(size).times.push(own);
      sizes.get(size).stats.push(sums.rules[RULE_ID]);
    }
    growth.push(times[8] / times[1]);
    parseGrowth.push(parse[8] / parse[1]);
  }
  collector.stop();
  const fastest = (size, key = 'times') => Math.min(...sizes.get(size)[key]);
  // Every report kind must be there, and each size must give its share: otherwise the corpus is not what it claims.
  const problems = [];
  for (const [size, entry] of sizes) {
    for (const [id, count] of Object.entries(EXPECTED_PER_REPETITION)) {
      const got = entry.reports[id] ?? 0;
      if (got !== count * size) problems.push(`${String(size)}x: ${String(got)} '${id}' reports, expected ${String(count * size)}`);
    }
  }
  return {
    sizes,
    runs,
    growth: median(growth),
    parseGrowth: median(parseGrowth),
    fastestGrowth: fastest(8) / fastest(1),
    statsGrowth: fastest(8, 'stats') / fastest(1, 'stats'),
    problems,
  };
}

/**
 * Corpus B 8x: heap in use at the end of the traversal minus at its start,
 * with the rule and without it.
 */
async function measureHeap(plugin) {
  const gc = garbageCollector();
  const text = corpusB(8);
  const samples = {};
  const probe = { rules: { 'heap-probe': heapProbeRule(samples, gc) } };
  const measure = async (withRule) => {
    const rules = withRule ? { [RULE_ID]: ['error', RULE_OPTIONS], [HEAP_PROBE_ID]: 'error' } : { [HEAP_PROBE_ID]: 'error' };
    const eslint = makeEslint({ plugin, plugins: { bench: probe }, stats: false, rules });
    await eslint.lintText(text, { filePath: CORPUS_B_PATH });
    return { traversal: samples.end - samples.start, end: samples.end };
  };
  await measure(true);
  await measure(false);
  const on = [];
  const off = [];
  for (let run = 0; run < 3; run++) {
    on.push(await measure(true));
    off.push(await measure(false));
  }
  const added = median(on.map((run) => run.traversal)) - median(off.map((run) => run.traversal));
  const inUse = median(off.map((run) => run.end));
  return { added, inUse, lines: text.split('\n').length };
}

/**
 * Type-aware mode on a typed corpus: the rule against no-floating-promises,
 * both on in the same runs. `ruleFirst`: which rule asks the checker first
 * (and so pays for type-checking work the other then reuses).
 */
async function measureTypeAware(plugin, corpus, ruleFirst = true) {
  const config = plugin.configs['recommended-type-checked'];
  if (!config) return undefined;
  const { default: tseslint } = await import('typescript-eslint');
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    allowInlineConfig: false,
    stats: true,
    overrideConfig: [
      { ignores: ['!**/node_modules/'] },
      config,
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: corpus.tsconfigRootDir } },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { '@typescript-eslint': tseslint.plugin },
        // The first rule pays where both ask the type checker the same thing.
        rules: ruleFirst
          ? { [RULE_ID]: ['error', RULE_OPTIONS], [NO_FLOATING_PROMISES]: 'error' }
          : { [NO_FLOATING_PROMISES]: 'error', [RULE_ID]: ['error', RULE_OPTIONS] },
      },
    ],
  });
  const files = corpus.files;
  const ids = [RULE_ID, NO_FLOATING_PROMISES];
  const first = await eslint.lintFiles(files);
  const cold = sumTimes(first, ids);
  if (cold.fatal > 0) throw new Error(`type-aware corpus ${corpus.label}: ${String(cold.fatal)} files do not parse`);
  const reports = {};
  for (const result of first) {
    for (const message of result.messages) reports[message.ruleId] = (reports[message.ruleId] ?? 0) + 1;
  }
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const sums = sumTimes(await eslint.lintFiles(files), ids);
    runs.push({ rule: sums.rules[RULE_ID], other: sums.rules[NO_FLOATING_PROMISES], total: sums.total });
  }
  return {
    files: first.length,
    reports,
    cold: { rule: cold.rules[RULE_ID], other: cold.rules[NO_FLOATING_PROMISES], total: cold.total },
    rule: median(runs.map((run) => run.rule)),
    other: median(runs.map((run) => run.other)),
    total: median(runs.map((run) => run.total)),
    versus: median(runs.map((run) => run.rule / run.other)),
  };
}

function table(rows) {
  const lines = ['| # | figure | value | target | result |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

const verdict = (pass) => (pass ? 'PASS' : 'FAIL');

const plugin = await loadPlugin();
const started = Date.now();
const now = new Date();
console.log(`eslint-plugin-pool-lifetime ${plugin.meta.version} benchmark, ${now.toISOString().slice(0, 10)} ${now.toISOString().slice(11, 16)} UTC`);
console.log(`command: npm run bench  (= npm run build && node --expose-gc bench/bench.js${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(' ')}` : ''})`);
console.log(
  `node ${process.version}, eslint ${ESLint.version}, ${os.platform()} ${os.arch()}, ${String(os.cpus().length)} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), load average ${os.loadavg()[0].toFixed(2)}`,
);
console.log(`rule options: ${JSON.stringify(RULE_OPTIONS)}; timings: ESLint stats (per-rule listener time, create() included), median of ${String(RUNS)} runs after a warm-up`);

const rows = [];
let failed = false;

if (ONLY.has('a')) {
  const a = await measureCorpusA(plugin);
  const second = await measureCorpusA(plugin, false);
  const firstRule = await measureFirstRule(plugin);
  const { corpus } = a;
  console.log(`\nCorpus A: ${String(corpus.files.length)} files, ${corpus.lines.toLocaleString('en')} lines, all with @typescript-eslint/parser; rules: the rule and ${NO_UNUSED_VARS}`);
  for (const group of corpus.groups) console.log(`  ${group.label}: ${String(group.picked)} of ${String(group.available)}`);
  console.log(`  packages: mongodb ${corpus.versions.mongodb}, eslint ${corpus.versions.eslint}, typescript-eslint ${corpus.versions['typescript-eslint']}; files that fail to parse: ${String(a.fatal)}; rule reports: ${String(a.reports)}`);
  console.log(`  ms per run (medians), rule first: parse ${ms(a.parse)}, whole lint ${ms(a.total)}, ${NO_UNUSED_VARS} ${ms(a.noUnusedVars)}, rule ${ms(a.rule)}`);
  console.log(`  ms per run (medians), rule after ${NO_UNUSED_VARS}: ${NO_UNUSED_VARS} ${ms(second.noUnusedVars)}, rule ${ms(second.rule)}`);
  console.log(`  floor: a rule with the same create() whose listeners do nothing costs ${ms(a.floor)} ms (${percent(a.floor / a.rule)} of the rule's time): dispatch and stats wrappers (it reads the analysis the rule recorded: no scan)`);
  const prefilter = await measurePrefilter(corpus.files);
  console.log(
    `  text prefilter, timed alone: ${ms(prefilter.time)} ms per run (${percent(prefilter.time / second.rule)} of the rule's time after ${NO_UNUSED_VARS}) for one scan of ${prefilter.megabytes.toFixed(2)} MB of text; files with a marker, which get listeners: ${String(prefilter.marked)} of ${String(corpus.files.length)}`,
  );
  console.log(
    `  first rule of each file: a probe rule that only reads context.sourceCode.text costs ${ratio(firstRule.first)}x ${NO_UNUSED_VARS} when it runs first, ${ratio(firstRule.second)}x after it`,
  );
  const own = await measureOwnTimes(plugin);
  console.log(
    `  own times, the collector's pauses set apart (rule after ${NO_UNUSED_VARS}, medians): rule ${ms(own.rule)} ms (pauses in it ${ms(own.rulePauses)}), ${NO_UNUSED_VARS} ${ms(own.other)} ms (pauses in it ${ms(own.otherPauses)}); rule / ${NO_UNUSED_VARS} ${ratio(own.versus)}, for information`,
  );
  const pass1 = second.versusNoUnusedVars <= 0.25;
  const pass2 = Math.max(a.share, second.share) < 0.01;
  failed ||= !pass1 || !pass2;
  rows.push([
    '1',
    `rule time / \`${NO_UNUSED_VARS}\` time, corpus A (rule after it; first, it also pays the first-rule cost of ${ratio(firstRule.first - firstRule.second)})`,
    `${ratio(second.versusNoUnusedVars)} (rule after), ${ratio(a.versusNoUnusedVars)} (rule first)`,
    '≤ 0.25',
    verdict(pass1),
  ]);
  rows.push(['2', 'rule share of the whole lint time (parse included), corpus A', `${percent(second.share)} (rule after), ${percent(a.share)} (rule first)`, '< 1%', verdict(pass2)]);

  const bothAfter = await measureBothRules(plugin, false);
  const bothFirst = await measureBothRules(plugin, true);
  console.log(`
Both rules, corpus A (one analysis per file); no-pool-used-after-close reports: ${String(bothAfter.reports)}`);
  for (const [label, both] of [['after', bothAfter], ['first', bothFirst]]) {
    console.log(
      `  ms per run (medians), rules ${label === 'after' ? `after ${NO_UNUSED_VARS}` : 'first'}: whole lint ${ms(both.total)}, ${NO_UNUSED_VARS} ${ms(both.noUnusedVars)}, no-iterator-outlives-pool ${ms(both.first)}, no-pool-used-after-close ${ms(both.second)}`,
    );
  }
  const pass1b = bothAfter.versusNoUnusedVars <= 0.3;
  const pass2b = Math.max(bothAfter.share, bothFirst.share) < 0.01;
  failed ||= !pass1b || !pass2b;
  rows.push([
    '1b',
    `both rules' time / \`${NO_UNUSED_VARS}\` time, corpus A (rules after it; first, they also pay the first-rule cost)`,
    `${ratio(bothAfter.versusNoUnusedVars)} (rules after), ${ratio(bothFirst.versusNoUnusedVars)} (rules first)`,
    '≤ 0.3',
    verdict(pass1b),
  ]);
  rows.push(['2b', "both rules' share of the whole lint time (parse included), corpus A", `${percent(bothAfter.share)} (rules after), ${percent(bothFirst.share)} (rules first)`, '< 1%', verdict(pass2b)]);
}

if (ONLY.has('b')) {
  const b = await measureCorpusB(plugin);
  const perRepetition = Object.values(EXPECTED_PER_REPETITION).reduce((sum, count) => sum + count, 0);
  console.log(`\nCorpus B: generated pool-heavy TypeScript, ${String(perRepetition)} reports per repetition (every pool kind and report kind); the rule alone, median of ${String(b.runs)} runs`);
  console.log("  size  lines  reports  rule ms (own)  rule ms (ESLint's timing, collector's pauses included)");
  for (const [size, entry] of b.sizes) {
    const reports = Object.values(entry.reports).reduce((sum, count) => sum + count, 0);
    console.log(
      `  ${`${String(size)}x`.padEnd(5)} ${String(entry.lines).padStart(5)}  ${String(reports).padStart(7)}  ${ms(median(entry.times)).padStart(13)}  ${ms(median(entry.stats)).padStart(7)}`,
    );
  }
  console.log(
    `  8x / 1x, same checks: fastest runs ${ratio(b.fastestGrowth)} (ESLint's timing: ${ratio(b.statsGrowth)}); ESLint's parse (linear, so a noise check) ${ratio(b.parseGrowth)}`,
  );
  for (const problem of b.problems) console.log(`  WARNING: ${problem}`);
  // The fastest run of each size is the least disturbed by other work on the machine; the median ratio
  // is printed next to it, with the parse's (linear by construction) to show how noisy the run was.
  const pass3 = b.fastestGrowth <= 9;
  failed ||= !pass3;
  rows.push([
    '3',
    "rule's own time 8x / 1x, corpus B (linear: 8), fastest runs",
    `${ratio(b.fastestGrowth)} (medians: ${ratio(b.growth)}; parse, for noise: ${ratio(b.parseGrowth)})`,
    '≤ 9',
    verdict(pass3),
  ]);
}

if (ONLY.has('heap')) {
  const h = await measureHeap(plugin);
  console.log(`\nHeap, corpus B 8x (${String(h.lines)} lines): heap in use after gc() at the end of the traversal (Program:exit,`);
  console.log(`  after the rule's own) minus at its start (Program), with the rule minus without it, median of 3 each: what the`);
  console.log(`  rule holds until the file is done (candidates, code-path placements, reports), not the garbage of its final`);
  console.log(`  analysis. For scale: the whole process has ${megabytes(h.inUse)} in use at that point without the rule.`);
  rows.push(['4', 'heap added by the rule, corpus B 8x', `${megabytes(h.added)} (process heap in use: ${megabytes(h.inUse)})`, '—', 'info']);
}

/** The rule alone on a corpus, without type information: the analysis every pool needs, types aside. */
async function measureSyntactic(plugin, corpus) {
  const eslint = makeEslint({ plugin, rules: { [RULE_ID]: ['error', RULE_OPTIONS] } });
  await eslint.lintFiles(corpus.files);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(sumTimes(await eslint.lintFiles(corpus.files), [RULE_ID]).rules[RULE_ID]);
  return median(runs);
}

function printTypeAware(corpus, first, second) {
  console.log(`\nType-aware: ${String(first.files)} files, ${corpus.label}; configs['recommended-type-checked'] + ${NO_FLOATING_PROMISES}, projectService`);
  const reports = Object.entries(first.reports).map(([id, count]) => `${id} ${String(count)}`);
  console.log(`  reports: ${reports.length > 0 ? reports.join(', ') : 'none'}`);
  console.log(`  first (cold) run, ms: whole lint ${ms(first.cold.total)}, rule ${ms(first.cold.rule)}, ${NO_FLOATING_PROMISES} ${ms(first.cold.other)}`);
  console.log(`  later runs, medians, ms: whole lint ${ms(first.total)}, rule ${ms(first.rule)}, ${NO_FLOATING_PROMISES} ${ms(first.other)}`);
  console.log(`  with ${NO_FLOATING_PROMISES} asking the checker first: rule ${ms(second.rule)}, ${NO_FLOATING_PROMISES} ${ms(second.other)}`);
  return `${ratio(first.versus)} (rule first), ${ratio(second.versus)} (rule second)`;
}

if (ONLY.has('typed')) {
  const real = await measureTypeAware(plugin, TYPED_REAL);
  if (!real) {
    console.log('\ntype-aware: not measured (type-aware mode not built yet)');
    rows.push(['5', 'type-aware: not measured (type-aware mode not built yet)', '—', '—', '—']);
  } else {
    const realSecond = await measureTypeAware(plugin, TYPED_REAL, false);
    const versus = printTypeAware(TYPED_REAL, real, realSecond);
    const pass5 = Math.max(real.versus, realSecond.versus) <= 0.5;
    failed ||= !pass5;
    rows.push(['5', `type-aware: rule time / \`${NO_FLOATING_PROMISES}\` time, real typed code (mongodb src)`, versus, '≤ 0.5', verdict(pass5)]);
    const dense = await measureTypeAware(plugin, TYPED_FIXTURES);
    const denseSecond = await measureTypeAware(plugin, TYPED_FIXTURES, false);
    const denseVersus = printTypeAware(TYPED_FIXTURES, dense, denseSecond);
    const syntactic = await measureSyntactic(plugin, TYPED_FIXTURES);
    console.log(`  the rule on the same files without type information: ${ms(syntactic)} ms (${ratio(syntactic / dense.other)}x ${NO_FLOATING_PROMISES}'s time in the typed runs)`);
    rows.push([
      '6',
      `type-aware, worst case: the same on typed fixtures where every function holds a pool (rule without types: ${ratio(syntactic / dense.other)})`,
      denseVersus,
      '—',
      'info',
    ]);
  }
}

console.log(`\n${table(rows)}`);
console.log(`\n${now.toISOString().slice(0, 10)}, bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failed) console.log('A target fails: `node bench/profile.js a` (or `b`) shows where the rule spends its time.');
