// `npm run bench:pathological`: the rule's cost on generated shapes that a
// careless analysis handles in super-linear time or with a stack overflow
// (tests/pathological/shapes.js). Not part of `npm test`.
//
//   npm run bench:pathological         (builds, then runs this)
//   node bench/pathological.js [--runs=3] [--sizes=100,200,400] [--links=5000] [--only=text]
//
// For each shape of COSTS, the rule's own time (ESLint's `stats`, best of
// `runs`) at each size, and the ratio of each doubling. Targets: every
// doubling ≤ 2.6 where the larger time is ≥ 20 ms (below that, timer noise),
// and every shape at size 400 under 250 ms. For each shape of CHAINS, one lint
// at `links` links (5,000): no exception where ESLint alone lints the text.
// Printed as a Markdown table; the exit code is 1 when a target is missed.
import { performance } from 'node:perf_hooks';
import { CHAINS, COSTS } from '../tests/pathological/shapes.js';
import { loadPlugin, makeEslint, RULE_ID } from './lint.js';

function option(name, fallback) {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

const RUNS = Math.max(1, Number(option('runs', '3')));
const SIZES = option('sizes', '100,200,400').split(',').map(Number);
const LINKS = Number(option('links', '5000'));
const ONLY = option('only', '');
const MAX_DOUBLING = 2.6;
const MEASURABLE_MS = 20;
const AT_400_MS = 250;

const plugin = await loadPlugin();
const withRule = makeEslint({ plugin, rules: { [RULE_ID]: 'error' } });
const alone = makeEslint({ plugin, rules: {}, stats: false });
const FILE = 'bench/pathological-shape.js';

/** The rule's time on `text`, in ms (best of RUNS), and its reports. */
async function ruleTime(text) {
  let best = Infinity;
  let reports = 0;
  for (let run = 0; run < RUNS; run++) {
    const [result] = await withRule.lintText(text, { filePath: FILE });
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`does not parse: ${fatal.message}`);
    const time = result.stats.times.passes.reduce((sum, pass) => sum + (pass.rules?.[RULE_ID]?.total ?? 0), 0);
    best = Math.min(best, time);
    reports = result.messages.filter((message) => message.ruleId === RULE_ID).length;
  }
  return { time: best, reports };
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

let failed = false;
const rows = [];
for (const [name, make] of Object.entries(COSTS)) {
  if (ONLY && !name.includes(ONLY)) continue;
  // A warm-up at the smallest size: the first lint of a process pays for compilation.
  await ruleTime(make(SIZES[0]));
  const measured = [];
  for (const size of SIZES) measured.push({ size, ...(await ruleTime(make(size))) });
  const ratios = measured.slice(1).map((entry, index) => {
    const previous = measured[index];
    const ratio = entry.time / previous.time;
    const bad = entry.time >= MEASURABLE_MS && ratio > MAX_DOUBLING;
    failed ||= bad;
    return `${ratio.toFixed(2)}${bad ? ' FAIL' : ''}`;
  });
  const at400 = measured.find((entry) => entry.size === 400);
  const slow = at400 !== undefined && at400.time >= AT_400_MS;
  failed ||= slow;
  rows.push(
    `| ${name} | ${measured.map((entry) => `${entry.time.toFixed(1)}${entry === at400 && slow ? ' FAIL' : ''}`).join(' | ')} | ${ratios.join(' | ')} | ${measured.at(-1).reports} |`,
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
console.log(`\nRule time, best of ${RUNS} (targets: doubling ≤ ${MAX_DOUBLING} where ≥ ${MEASURABLE_MS} ms; n = 400 under ${AT_400_MS} ms)\n`);
console.log(`| shape | ${sizes} | ${doublings} | reports at n = ${SIZES.at(-1)} |`);
console.log(`|---|${SIZES.map(() => '---|').join('')}${SIZES.slice(1).map(() => '---|').join('')}---|`);
for (const row of rows) console.log(row);
console.log(`\nChains of ${LINKS} links (target: no exception where ESLint alone lints the text)\n`);
console.log('| chain | outcome | lint time (ms) |');
console.log('|---|---|---|');
for (const row of chainRows) console.log(row);
console.log(failed ? '\nFAIL: a target is missed' : '\nPASS: every target met');
process.exitCode = failed ? 1 : 0;
