// npm run ground-truth -- [--runs N] [--seed S] [--show N] [--shrink] [--json FILE] [--typecheck]
//
// Generates N programs (fixed seed), lints each with the rule built in dist/
// (`npm run ground-truth` builds first), runs each on all its inputs, and
// prints precision, recall and the counts (TP, FP, FN, TN, limits,
// exceptions); then the same for no-pool-used-after-close on N programs of
// its own family (use-generator.js, use-harness.js). Disagreements are printed in full (--show, default 10);
// --shrink shrinks every disagreement with fast-check and prints the distinct
// minimal programs.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { createUseLinter, documentedUseLimits, evaluateUsePrograms, generateUsePrograms, USE_LIMITS } from './use-harness.js';
import {
  createProgramLinter,
  describeResult,
  documentedLimits,
  evaluatePrograms,
  formatSummary,
  generatePrograms,
  LIMITS,
  shrinkDisagreement,
  summarise,
  typecheckPrograms,
} from './harness.js';

const DEFAULT_SEED = 20251125;

function parseArguments(argv) {
  const options = { runs: 500, seed: DEFAULT_SEED, show: 10, shrink: false, json: undefined, typecheck: false };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const value = () => {
      i += 1;
      if (argv[i] === undefined) throw new Error(`${argument} needs a value`);
      return argv[i];
    };
    if (argument === '--runs') options.runs = Number(value());
    else if (argument === '--seed') options.seed = Number(value());
    else if (argument === '--show') options.show = Number(value());
    else if (argument === '--shrink') options.shrink = true;
    else if (argument === '--json') options.json = value();
    else if (argument === '--typecheck') options.typecheck = true;
    else throw new Error(`unknown argument ${argument}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  return options;
}

const options = parseArguments(process.argv.slice(2));
const plugin = (await import(new URL('../../dist/index.js', import.meta.url).href)).default;
const lint = createProgramLinter(plugin);
const programs = generatePrograms(options.runs, options.seed);
const started = Date.now();

if (options.typecheck) {
  const failures = typecheckPrograms(programs);
  console.log(`type check: ${String(programs.length - failures.length)}/${String(programs.length)} programs are valid TypeScript`);
  for (const failure of failures.slice(0, 5)) console.log(`${failure.id}: ${failure.messages.join('; ')}\n${failure.code}`);
}

let last = Date.now();
const results = await evaluatePrograms(programs, lint, {
  onResult: (_, done) => {
    if (process.stderr.isTTY && Date.now() - last > 1000) {
      last = Date.now();
      process.stderr.write(`\r${String(done)}/${String(programs.length)} programs`);
    }
  },
});
if (process.stderr.isTTY) process.stderr.write('\r');
const summary = summarise(results);
const seconds = ((Date.now() - started) / 1000).toFixed(1);

console.log(`no-iterator-outlives-pool: ground truth by execution: seed ${String(options.seed)}, ${seconds} s`);
console.log(formatSummary(summary));
// Per family: generator.js's combined specs have none; the others name theirs in the spec.
const familyOf = new Map(programs.map((program) => [program.id, program.spec?.family ?? 'combined']));
console.log('per family:');
for (const family of [...new Set(familyOf.values())].sort()) {
  const own = summarise(results.filter((result) => familyOf.get(result.id) === family));
  const { counts } = own;
  const percent = (x) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `  ${family}: ${String(own.programs)} programs (runs ${String(own.runs)}): TP ${String(counts.TP)}  FP ${String(counts.FP)}  FN ${String(counts.FN)}  TN ${String(counts.TN)}  limits ${String(counts.limit)}  exceptions ${String(counts.exception)}  precision ${percent(own.precision)}  recall ${percent(own.recall)}`,
  );
}
const documented = documentedLimits();
console.log('limits (a disagreement on a program that runs into a documented limit counts as `limits`):');
for (const limit of LIMITS) {
  const count = results.filter((result) => result.limits.includes(limit.id) && (result.verdict === 'limit' || result.verdict === 'FP' || result.verdict === 'FN')).length;
  console.log(`  ${limit.id} (${documented.has(limit.id) ? 'documented' : 'NOT in the docs: does not excuse'}): ${String(count)} disagreement(s)`);
}

for (const result of summary.exceptions.slice(0, options.show)) console.log(`\n${describeResult(result)}`);
if (options.shrink) {
  const seen = new Map();
  for (const result of summary.disagreements) {
    const index = programs.findIndex((program) => program.id === result.id);
    const shrunk = await shrinkDisagreement(result, options.seed, index, lint);
    const key = shrunk.code;
    if (!seen.has(key)) seen.set(key, { shrunk, from: [] });
    seen.get(key).from.push(result.id);
  }
  console.log(`\n${String(seen.size)} distinct shrunk disagreement(s):`);
  for (const { shrunk, from } of seen.values()) console.log(`\n${describeResult(shrunk)}\n(shrunk from ${from.join(', ')})`);
} else {
  for (const result of summary.disagreements.slice(0, options.show)) console.log(`\n${describeResult(result)}`);
  if (summary.disagreements.length > options.show) console.log(`\n… ${String(summary.disagreements.length - options.show)} more disagreement(s) (--show N, or --shrink)`);
}
// ----- no-pool-used-after-close ---------------------------------------------------------
const useStarted = Date.now();
const usePrograms = generateUsePrograms(options.runs, options.seed);
const useResults = await evaluateUsePrograms(usePrograms, createUseLinter(plugin));
const useSummary = summarise(useResults);
console.log(`\nno-pool-used-after-close: ground truth by execution: seed ${String(options.seed)}, ${((Date.now() - useStarted) / 1000).toFixed(1)} s`);
console.log(formatSummary(useSummary));
const useDocumented = documentedUseLimits();
console.log('limits:');
for (const limit of USE_LIMITS) {
  const count = useResults.filter((result) => result.limits.includes(limit.id) && (result.verdict === 'limit' || result.verdict === 'FP' || result.verdict === 'FN')).length;
  console.log(`  ${limit.id} (${useDocumented.has(limit.id) ? 'documented' : 'NOT in the docs: does not excuse'}): ${String(count)} disagreement(s)`);
}
for (const result of [...useSummary.exceptions, ...useSummary.disagreements].slice(0, options.show)) console.log(`\n${describeResult(result)}`);

if (options.json !== undefined) {
  const brief = (all) => ({ ...all, disagreements: undefined, exceptions: undefined, limited: undefined });
  writeFileSync(options.json, JSON.stringify({ options, summary: brief(summary), results, useSummary: brief(useSummary), useResults }, null, 2));
  console.log(`\nwrote ${options.json}`);
}
const exceptions = summary.counts.exception + useSummary.counts.exception;
process.exitCode = exceptions > 0 ? 2 : summary.disagreements.length + useSummary.disagreements.length > 0 ? 1 : 0;
