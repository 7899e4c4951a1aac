// `npm run bench:pathological`: the rule's cost on generated shapes that a
// careless analysis handles in super-linear time or with a stack overflow
// (tests/pathological/shapes.js). Not part of `npm test`.
//
//   npm run bench:pathological         (builds, then runs this)
//   node bench/pathological.js [--rules=both|first] [--runs=9] [--warm-up=4] [--sizes=100,200,400,800,1600] [--links=5000] [--only=text] [--clock=wall|cpu]
//
// For each shape of COSTS, two measures at each size, over `runs` rounds:
//
// - what the user pays: the wall time of ESLint's `Linter.verify` with the
//   rule on less the same lint with no rule on (parse, scopes and code paths
//   cancel out; the rule's listeners, its reports and their suggestions, and
//   every collection its allocations cause remain). A collection is forced
//   before each of the two lints, so that neither pays for the garbage of the
//   lint before it. Targets: every doubling from n = 200 on ≤ 2.6 where the
//   larger time is ≥ 20 ms (below that, timer noise), and at n = 400 ≤ 250 ms.
//   Measured in wall time and in the process's processor time (user and
//   system, all threads: the collector's helpers too); the targets apply to
//   wall time, or with `--clock=cpu` to processor time, which a machine shared
//   with other work leaves far steadier (wall time then varies twofold from
//   one lint of a text to the next); the own time's targets, in wall time,
//   then only mark what they miss ('over') and do not fail the run.
// - the rule's own time: the time in its listeners less the collector's pauses
//   that fell in them (bench/rule-clock.js), with the median share of those
//   pauses at the largest size. Targets: every doubling ≤ 2.6 where the larger
//   time is ≥ 20 ms, and the slowest lint at n = 400 under 250 ms, pauses
//   included.
//
// With the rule and without it, each round lints each size twice, in the
// order with, without, without, with (or the reverse, every other round); the
// cost is the time with the rule less the time without: in wall time the
// median of each round's difference, in processor time the least of its
// lints (see `costOf`), held at or above the rule's own time at that size
// (`atLeastOwn`: a lint with the rule runs all of it, so a smaller difference is
// noise), and a doubling's ratio that of the two sizes' costs. For the own
// time, a doubling's ratio is the median of the ratios of the two sizes'
// times within a round. For each shape of CHAINS, one lint at `links` links (5,000):
// no exception where ESLint alone lints the text. Each shape is measured in a
// process of its own (`--only=text` measures the shapes whose name holds
// `text`). Printed as a Markdown table; the exit code is 1 when a target is
// missed.
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { CHAINS, COSTS } from '../tests/pathological/shapes.js';
import { lintConfig, loadPlugin, makeEslint, median, ROOT, RULE_ID, USE_RULE_ID } from './lint.js';
import { clockedPlugin, split, watchCollector } from './rule-clock.js';

function option(name, fallback) {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

const RUNS = Math.max(1, Number(option('runs', '9')));
const WARM_UP = Math.max(0, Number(option('warm-up', '4')));
/** Sizes below this one get more rounds of `Linter.verify`, in proportion (see `measure`). */
const PRECISE_AT = 800;
const SIZES = option('sizes', '100,200,400,800,1600').split(',').map(Number);
const LINKS = Number(option('links', '5000'));
const ONLY = option('only', '');
// The clock of the targets on `Linter.verify`: wall time, or on a shared machine the process's processor time.
const CLOCK = option('clock', 'wall');
if (CLOCK !== 'wall' && CLOCK !== 'cpu') throw new Error('--clock is wall or cpu');
const OTHER_CLOCK = CLOCK === 'wall' ? 'cpu' : 'wall';
// The own time is wall time in the rule's listeners: its targets count with the wall clock only, else they are
// marked 'over' where missed, for information.
const OWN_COUNTS = CLOCK === 'wall';
const OWN_MISS = OWN_COUNTS ? ' FAIL' : ' over';
const MAX_DOUBLING = 2.6;
const MEASURABLE_MS = 20;
const AT_400_MS = 250;
/** The new measure's doubling target applies to doublings from this size on. */
const FIRST_TARGETED = 200;

/** The machine's load average over the last minute, for the printout: wall time means little on a busy machine. */
const loadAverage = () => os.loadavg()[0].toFixed(1);
const LOAD_START = loadAverage();

// Both rules by default, clocked together (they share one analysis per file); `--rules=first` for the first alone.
const RULES = option('rules', 'both');
if (RULES !== 'both' && RULES !== 'first') throw new Error('--rules is both or first');
const RULE_IDS = RULES === 'both' ? [RULE_ID, USE_RULE_ID] : [RULE_ID];
const ON = Object.fromEntries(RULE_IDS.map((id) => [id, 'error']));
const isOurs = (message) => RULE_IDS.includes(message.ruleId);

const original = await loadPlugin();
const intervals = [];
let plugin = original;
for (const id of RULE_IDS) ({ plugin } = clockedPlugin(plugin, id.split('/')[1], intervals));
const withRule = makeEslint({ plugin, rules: ON, stats: false });
const alone = makeEslint({ plugin, rules: {}, stats: false });
const collector = watchCollector();
const FILE = 'bench/pathological-shape.js';
// The plugin as published (no clock around its listeners), in the config of every other measurement.
const linter = new Linter({ cwd: ROOT });
const verifyOn = lintConfig({ plugin: original, rules: ON });
const verifyOff = lintConfig({ plugin: original, rules: {} });
const VERIFY_OPTIONS = { filename: path.join(ROOT, FILE), allowInlineConfig: false };

/** One `Linter.verify` of `text`, after a collection: its wall time and the process's processor time in ms, and its messages. */
function verifyTime(text, config) {
  globalThis.gc?.();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const messages = linter.verify(text, config, VERIFY_OPTIONS);
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, messages };
}

/**
 * Two `Linter.verify` of `text` with the rule and two without, in the order
 * with, without, without, with (or the reverse, `ruleFirst` false), so that a
 * machine slowing down or speeding up over the four weighs on both sides
 * alike: the mean time of each side in either clock, in ms, and the reports.
 */
function verifyTimes(text, ruleFirst) {
  const [a, b] = ruleFirst ? [verifyOn, verifyOff] : [verifyOff, verifyOn];
  const [first, second, third, fourth] = [a, b, b, a].map((config) => verifyTime(text, config));
  const [on, onAgain, off, offAgain] = ruleFirst ? [first, fourth, second, third] : [second, third, first, fourth];
  const fatal = on.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`does not parse: ${fatal.message}`);
  const times = ({ wall, cpu }) => ({ wall, cpu });
  return {
    on: [times(on), times(onAgain)],
    off: [times(off), times(offAgain)],
    reports: on.messages.filter(isOurs).length,
  };
}

/**
 * The rule's cost over the rounds (with the rule less without it), in one
 * clock. In wall time the median over the rounds of each round's difference
 * (the mean of its two lints with the rule less the mean of its two without):
 * the four lints of a round run back to back, so a slow spell of the machine
 * weighs on both sides of the difference, where a difference of two medians
 * takes each side's noise whole. In processor time the least of the lints
 * with the rule less the least of those without: the floor that other work on
 * the machine can only raise (on a busy machine a lint's processor time still
 * varies by a tenth, as much as the rule's whole cost on some shapes).
 */
function costOf(rounds, clock) {
  if (clock === 'cpu') {
    const least = (side) => Math.min(...rounds.flatMap((round) => round[side].map((times) => times.cpu)));
    return least('on') - least('off');
  }
  const mean = (round, side) => (round[side][0].wall + round[side][1].wall) / 2;
  return median(rounds.map((round) => mean(round, 'on') - mean(round, 'off')));
}

/** The rule's time on `text` in one lint (own: less the collector's pauses), in ms, and its reports. */
async function ruleTime(text) {
  intervals.length = 0;
  collector.pauses.length = 0;
  const [result] = await withRule.lintText(text, { filePath: FILE });
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`does not parse: ${fatal.message}`);
  await collector.flush();
  return { ...split(intervals, collector.pauses), reports: result.messages.filter(isOurs).length };
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
  for (let round = 0; round < WARM_UP; round++) {
    for (const text of texts) {
      await ruleTime(text);
      verifyTimes(text, round % 2 === 0);
    }
  }
  const runs = SIZES.map(() => []);
  const costs = SIZES.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [index, text] of texts.entries()) {
      runs[index].push(await ruleTime(text));
      costs[index].push(verifyTimes(text, run % 2 === 0));
    }
  }
  // The cost of a small size is a few milliseconds against a lint's jitter of as many: more rounds there (a
  // size's rounds times PRECISE_AT / size), which cost little, so that its median is as steady as a large one's.
  for (const [index, text] of texts.entries()) {
    const more = Math.max(0, Math.round((RUNS * PRECISE_AT) / (SIZES[index] ?? PRECISE_AT)) - RUNS);
    for (let run = 0; run < more; run++) costs[index].push(verifyTimes(text, run % 2 === 0));
  }
  const sizes = SIZES.map((size, index) => {
    const time = median(runs[index].map((result) => result.own));
    return {
      size,
      time,
      withPauses: Math.max(...runs[index].map((result) => result.total)),
      pauses: median(runs[index].map((result) => result.collecting / result.total)),
      reports: runs[index].at(-1).reports,
      // With the rule less without it, never below the rule's own time (see `atLeastOwn`).
      ...atLeastOwn('cost', costOf(costs[index], CLOCK), time),
      ...atLeastOwn('otherCost', costOf(costs[index], OTHER_CLOCK), time),
      verifyReports: costs[index].at(-1).reports,
    };
  });
  const ratios = (all, of) => SIZES.slice(1).map((_, index) => median(all[index + 1].map((result, run) => of(result) / of(all[index][run]))));
  // A difference of two lints' times is too small a part of either for a ratio of one round's differences:
  // the doublings of `Linter.verify`'s cost are those of the medians.
  const growth = (key) => sizes.slice(1).map((entry, index) => entry[key] / (sizes[index] ?? entry)[key]);
  return {
    sizes,
    doublings: ratios(runs, (result) => result.own),
    costDoublings: growth('cost'),
    otherDoublings: growth('otherCost'),
  };
}

/**
 * A cost (with the rule less without it) held at or above the rule's own time
 * at that size: the lints with the rule run every listener the own time
 * measures, so a difference below it is the two sides' noise, not the rule
 * (on 2 cores a lint's time varies by more than a small size's whole cost).
 * `key` and `key + 'Floored'`, whether it was raised.
 */
function atLeastOwn(key, cost, own) {
  return { [key]: Math.max(cost, own), [`${key}Floored`]: cost < own };
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
      execArgv: [...process.execArgv, '--expose-gc'],
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
  const { sizes: measured, doublings, costDoublings, otherDoublings } = await measureApart(name);
  // The new measure: doublings from FIRST_TARGETED on, and the time at n = 400.
  const ratios = measured.slice(1).map((entry, index) => {
    const cost = costDoublings[index];
    const badCost = SIZES[index] >= FIRST_TARGETED && entry.cost >= MEASURABLE_MS && cost > MAX_DOUBLING;
    const own = doublings[index];
    const badOwn = entry.time >= MEASURABLE_MS && own > MAX_DOUBLING;
    failed ||= badCost || (badOwn && OWN_COUNTS);
    return `${cost.toFixed(2)}${badCost ? ' FAIL' : ''} / ${otherDoublings[index].toFixed(2)} (${own.toFixed(2)}${badOwn ? OWN_MISS : ''})`;
  });
  const at400 = measured.find((entry) => entry.size === 400);
  const slowCost = at400 !== undefined && at400.cost > AT_400_MS;
  // The rule's own time: the slowest lint at n = 400 with the collector's pauses counted.
  const slow = at400 !== undefined && at400.withPauses >= AT_400_MS;
  failed ||= slowCost || (slow && OWN_COUNTS);
  const largest = measured.at(-1);
  if (largest.reports !== largest.verifyReports) throw new Error(`'${name}': ${largest.reports} reports in one measure, ${largest.verifyReports} in the other`);
  const at = (value, bad, miss = ' FAIL') => (at400 ? `${value.toFixed(1)}${bad ? miss : ''}` : '–');
  rows.push(
    `| ${name} | ${measured.map((entry) => `${entry.cost.toFixed(1)}${entry.costFloored ? '↑' : ''} / ${entry.otherCost.toFixed(1)}${entry.otherCostFloored ? '↑' : ''} (${entry.time.toFixed(1)})`).join(' | ')} | ${ratios.join(' | ')} | ${at400 ? `${at(at400.cost, slowCost)} (${at(at400.withPauses, slow, OWN_MISS)})` : '–'} | ${(100 * largest.pauses).toFixed(0)}% | ${largest.reports} |`,
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
const clocks = { wall: 'wall time', cpu: "the process's processor time (all its threads, the collector's included)" };
console.log(
  `\nRules: ${RULE_IDS.join(' and ')}. Each cell: \`Linter.verify\` with the rule less without it, reports and suggestions included, in ${clocks[CLOCK]} / in ${clocks[OTHER_CLOCK]}, then in brackets the rule's own time (collector's pauses set apart); ${RUNS} rounds after ${WARM_UP} of warm-up (each round: two lints with the rule, two without; a size under ${PRECISE_AT}, ${RUNS} × ${PRECISE_AT} / size rounds of those), wall time the median of the rounds' differences (with less without), own time the median, processor time the least of the lints on each side, either cost held at or above the own time (↑: raised to it); doublings: of \`Linter.verify\`, the ratio of the two costs; of the own time, the median ratio within a round. Load average at the start and the end: ${LOAD_START} and ${loadAverage()}. Targets on \`Linter.verify\` (${CLOCK}): doubling from n = ${FIRST_TARGETED} on ≤ ${MAX_DOUBLING} where ≥ ${MEASURABLE_MS} ms, n = 400 ≤ ${AT_400_MS} ms; on the own time: doubling ≤ ${MAX_DOUBLING} where ≥ ${MEASURABLE_MS} ms, slowest lint at n = 400 under ${AT_400_MS} ms with pauses\n`,
);
console.log(
  `| shape | ${sizes} | ${doublings} | at n = 400: verify, ${CLOCK} (own, slowest with pauses) (ms) | pauses at n = ${SIZES.at(-1)} (median share of own) | reports at n = ${SIZES.at(-1)} |`,
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
