// `npm run bench:pathological`: the rule's cost on generated shapes that a
// careless analysis handles in super-linear time or with a stack overflow
// (tests/pathological/shapes.js). Not part of `npm test`.
//
//   npm run bench:pathological         (builds, then runs this)
//   node bench/pathological.js [--runs=9] [--warm-up=4] [--sizes=100,200,400,800] [--links=5000] [--only=text] [--rules=both|first]
//
// The rules: both (default; `no-iterator-outlives-pool` and `no-pool-used-after-close`,
// clocked together: they share one analysis per file), or the first alone.
// For each shape of COSTS, the rule's own time at each size (the time in its
// listeners less the collector's pauses that fell in them, bench/rule-clock.js;
// median of `runs` rounds) and the ratio of each doubling (median of the
// ratios within a round), with the median share of those pauses at the
// largest size. Targets: every doubling ≤ 2.6 where the
// larger time is ≥ 20 ms (below that, timer noise), and every shape at size
// 400 under 250 ms, pauses included. For each shape of CHAINS, one lint at
// `links` links (5,000): no exception where ESLint alone lints the text.
// Each shape is measured in a process of its own. Printed as a Markdown
// table; the exit code is 1 when a target is missed.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CHAINS, COSTS } from '../tests/pathological/shapes.js';
import { loadPlugin, makeEslint, median, RULE_ID, USE_RULE_ID } from './lint.js';
import { clockedPlugin, split, watchCollector } from './rule-clock.js';

function option(name, fallback) {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

const RUNS = Math.max(1, Number(option('runs', '9')));
const WARM_UP = Math.max(0, Number(option('warm-up', '4')));
const SIZES = option('sizes', '100,200,400,800').split(',').map(Number);
const LINKS = Number(option('links', '5000'));
const ONLY = option('only', '');
const MAX_DOUBLING = 2.6;
const MEASURABLE_MS = 20;
const AT_400_MS = 250;

const BOTH = option('rules', 'both') === 'both';
const first = clockedPlugin(await loadPlugin(), RULE_ID.split('/')[1]);
const { plugin, intervals } = BOTH ? clockedPlugin(first.plugin, USE_RULE_ID.split('/')[1], first.intervals) : first;
const RULES = BOTH ? { [RULE_ID]: 'error', [USE_RULE_ID]: 'error' } : { [RULE_ID]: 'error' };
const withRule = makeEslint({ plugin, rules: RULES, stats: false });
const alone = makeEslint({ plugin, rules: {}, stats: false });
const collector = watchCollector();
const FILE = 'bench/pathological-shape.js';

/** The rule's time on `text` in one lint (own: less the collector's pauses), in ms, and its reports. */
async function ruleTime(text) {
  intervals.length = 0;
  collector.pauses.length = 0;
  const [result] = await withRule.lintText(text, { filePath: FILE });
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`does not parse: ${fatal.message}`);
  await collector.flush();
  return { ...split(intervals, collector.pauses), reports: result.messages.filter((message) => message.ruleId in RULES).length };
}

/**
 * The rule's own times at each size of a shape, RUNS rounds, each size
 * linted in turn in every round, after WARM_UP rounds that are not counted (a
 * shape's first lints run code the compiler has not optimised yet: on this
 * machine the times settle after three to five rounds). Per size: the median
 * own time, the slowest lint with pauses, and the median share of pauses.
 * Per doubling: the median over the rounds of the ratio of the two sizes'
 * times in the same round, so that a slow spell of the machine, which falls
 * on both lints of a round, cancels out.
 */
async function measure(make) {
  const texts = SIZES.map((size) => make(size));
  for (let round = 0; round < WARM_UP; round++) for (const text of texts) await ruleTime(text);
  const runs = SIZES.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [index, text] of texts.entries()) runs[index].push(await ruleTime(text));
  }
  const sizes = SIZES.map((size, index) => ({
    size,
    time: median(runs[index].map((result) => result.own)),
    withPauses: Math.max(...runs[index].map((result) => result.total)),
    pauses: median(runs[index].map((result) => result.collecting / result.total)),
    reports: runs[index].at(-1).reports,
  }));
  const doublings = SIZES.slice(1).map((_, index) =>
    median(runs[index + 1].map((result, run) => result.own / runs[index][run].own)),
  );
  return { sizes, doublings };
}

/** 'ok', 'ESLint alone fails', or the rule's exception. */
async function lintsWithoutException(text) {
  try {
    const [result] = await withRule.lintText(text, { filePath: FILE });
    return result.messages.some((message) => message.fatal) ? 'does not parse' : 'ok';
  } catch (error) {
    try {
      await alone.lintText(text, { filePath: FILE });
    } catch {
      return 'ESLint alone fails';
    }
    return `EXCEPTION: ${String(error.message).split('\n')[0]}`;
  }
}

/**
 * `measure` for one shape, in a process of its own: the heap a shape leaves
 * behind (its last lint's trees, the collector's state) would otherwise weigh
 * on the next shape's larger sizes and not on its smaller ones.
 */
function measureApart(name) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), `--measure-shape=${name}`], {
      execArgv: process.execArgv,
    });
    let result;
    child.on('message', (message) => {
      result = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`measuring '${name}' ended with code ${code}`))));
  });
}

const SHAPE = option('measure-shape', '');
if (SHAPE) {
  if (!process.send || !COSTS[SHAPE]) throw new Error('--measure-shape is for the processes this benchmark starts itself');
  process.send(await measure(COSTS[SHAPE]));
  collector.stop();
  process.exit(0);
}

let failed = false;
const rows = [];
for (const name of Object.keys(COSTS)) {
  if (ONLY && !name.includes(ONLY)) continue;
  const { sizes: measured, doublings } = await measureApart(name);
  const ratios = measured.slice(1).map((entry, index) => {
    const ratio = doublings[index];
    const bad = entry.time >= MEASURABLE_MS && ratio > MAX_DOUBLING;
    failed ||= bad;
    return `${ratio.toFixed(2)}${bad ? ' FAIL' : ''}`;
  });
  // At n = 400, the slowest lint with the collector's pauses counted must be under the target.
  const at400 = measured.find((entry) => entry.size === 400);
  const slow = at400 !== undefined && at400.withPauses >= AT_400_MS;
  failed ||= slow;
  const largest = measured.at(-1);
  rows.push(
    `| ${name} | ${measured.map((entry) => entry.time.toFixed(1)).join(' | ')} | ${ratios.join(' | ')} | ${at400 ? `${at400.withPauses.toFixed(1)}${slow ? ' FAIL' : ''}` : '–'} | ${(100 * largest.pauses).toFixed(0)}% | ${largest.reports} |`,
  );
  console.error(rows.at(-1));
}

const chainRows = [];
for (const [name, make] of Object.entries(CHAINS)) {
  if (ONLY && !name.includes(ONLY)) continue;
  const started = performance.now();
  const outcome = await lintsWithoutException(make(LINKS));
  failed ||= outcome.startsWith('EXCEPTION');
  chainRows.push(`| ${name} | ${outcome} | ${(performance.now() - started).toFixed(0)} |`);
  console.error(chainRows.at(-1));
}

const sizes = SIZES.map((size) => `n = ${size} (ms)`).join(' | ');
const doublings = SIZES.slice(1).map((size, index) => `${size} / ${SIZES[index]}`).join(' | ');
console.log(
  `\n${BOTH ? 'Both rules\' own time' : "Rule's own time"} (collector's pauses set apart), median of ${RUNS} rounds after ${WARM_UP} of warm-up, and each doubling's median ratio within a round; targets: doubling ≤ ${MAX_DOUBLING} where ≥ ${MEASURABLE_MS} ms, slowest lint at n = 400 under ${AT_400_MS} ms with pauses\n`,
);
console.log(
  `| shape | ${sizes} | ${doublings} | slowest at n = 400, with pauses (ms) | pauses at n = ${SIZES.at(-1)} (median share) | reports at n = ${SIZES.at(-1)} |`,
);
console.log(`|---|${SIZES.map(() => '---|').join('')}${SIZES.slice(1).map(() => '---|').join('')}---|---|---|`);
for (const row of rows) console.log(row);
console.log(`\nChains of ${LINKS} links (target: no exception where ESLint alone lints the text)\n`);
console.log('| chain | outcome | lint time (ms) |');
console.log('|---|---|---|');
for (const row of chainRows) console.log(row);
console.log(failed ? '\nFAIL: a target is missed' : '\nPASS: every target met');
collector.stop();
process.exitCode = failed ? 1 : 0;
