// Ground truth by execution: lint a generated program with the rule, run it
// on every combination of its inputs against the instrumented runtime, and
// compare. Shared by tests/ground-truth/ground-truth.test.ts (the rule from
// src/) and ground-truth-cli.js (the rule from dist/).
//
// Verdicts, per program:
//   reported  = the rule gives at least one report;
//   observed  = on some input, an item was pulled from a lazy iterator after
//               its pool was disposed.
//   TP reported & observed, TN neither, FP reported only, FN observed only —
//   except that a disagreement on a program that runs into a *documented*
//   limit of the rule (LIMITS below, with the docs' own words) is counted as
//   `limit`, not as FP/FN. A limit whose words are not (or no longer) in the
//   docs page does not excuse anything.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadableStreamDefaultReader } from 'node:stream/web';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { setTimeout as realSetTimeout, clearTimeout as realClearTimeout } from 'node:timers';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import ts from 'typescript';
import { createRuntime } from './runtime.js';
import { CLOSES_OPTION, createCloseModules, unobservedCloseReport } from './runtime-closes.js';
import fc from 'fast-check';
import { programArbitrary, samplePrograms } from './generator.js';

export const RULE_ID = 'pool-lifetime/no-iterator-outlives-pool';
/** `withPool` is the runtime's scoped factory; the 'pool-runtime/…' modules' closes are declared; everything else is the rule's defaults. */
export const RULE_OPTIONS = { scopedFactories: ['withPool'], closes: CLOSES_OPTION };

const DOCS_URL = new URL('../../docs/rules/no-iterator-outlives-pool.md', import.meta.url);
const PROGRAM_TYPES_URL = new URL('./programs.d.ts', import.meta.url);

/**
 * What the rule by design does not see. `docsQuote`: the words of the docs page
 * that document it (whitespace-insensitive); `null` when the docs do not (yet)
 * say it, in which case the limit excuses nothing and is listed for grouping only.
 */
export const LIMITS = [
  {
    id: 'guardedFinallyDispose',
    reason:
      "A dispose call guarded by a condition in `finally` is error-path cleanup and makes no disposal point, so a consumption after the `try` on the path where the guard held is not reported.",
    docsQuote: 'A call inside an `if` or a `catch` of the `finally` is error-path cleanup and does not count',
  },
  {
    id: 'awaitedCursorQuery',
    reason:
      "A directly awaited cursor-or-query method (`await pool.find()`) is taken for an ORM query resolving to plain data; the runtime's cursor, like MongoDB's, stays lazy.",
    docsQuote: 'Lazy only when the call is not directly awaited',
  },
  {
    id: 'errorPathDispose',
    reason:
      'The pool is closed in a `catch` only, and the iterator is handed out (returned, stored, exported) after the `try`: a close on some paths only is taken for error-path cleanup.',
    docsQuote:
      "A pool disposed only on an error path (in `catch`, or a call in `finally` under a guard other than the pool's own existence) and handed out on the success path.",
  },
  {
    id: 'closeOnSomePathsHandedOut',
    reason:
      'An explicit close that runs on some paths only (under an `if`, or skipped by an exception out of a `try`) precedes returning the iterator: returning is reported only when the close precedes it on every path.',
    docsQuote: 'returning the iterator is reported when the close precedes the `return` on every path',
  },
  {
    id: 'outerBindingConsumedInScope',
    reason:
      'The iterator is assigned to an exported `let` declared outside the function (an escape to the importer), but it is also consumed in the scope: an assignment to an outer binding is reported only when the iterator is not consumed in the function.',
    docsQuote: 'assigned to a binding declared outside the scope and not consumed in the function',
  },
  {
    id: 'startedEndInBranch',
    reason:
      "A started consumption (a pipe, a 'data' or 'line' listener, `resume()`) whose end is awaited under a condition: the rule counts the end as awaited, so the path where the condition fails, and the stream reads on after the disposal, is not reported.",
    docsQuote: "A started consumption's end awaited in a branch counts as awaited.",
  },
  {
    id: 'generatorSuspended',
    reason:
      'A generator function holding the pool starts an un-awaited consumer or a deferred callback and then yields: while it is suspended its pool is alive, and a quick consumer may finish before the generator resumes and disposes the pool. The rule does not model that ordering.',
    docsQuote: 'A generator function that holds the pool and yields after starting an un-awaited consumer or a deferred callback',
  },
  {
    id: 'laterCloseAfterReading',
    reason:
      'A close in a timer made while a started consumption reads, whose delay outlasts the reading: the close runs once the reading is over, but the rule does not count time and reports what the code allows (closed while reading).',
    docsQuote: 'Where the order of events depends on timing it cannot see, it reports what the code allows',
  },
];

/** Whitespace-insensitive docs text, read once. */
let docsText;
function normalisedDocs() {
  docsText ??= readFileSync(DOCS_URL, 'utf8').replace(/\s+/g, ' ');
  return docsText;
}

/** The limits whose words are in the docs page now. */
export function documentedLimits() {
  const docs = normalisedDocs();
  return new Set(LIMITS.filter((limit) => limit.docsQuote !== null && docs.includes(limit.docsQuote.replace(/\s+/g, ' '))).map((limit) => limit.id));
}

// ----- linting ---------------------------------------------------------------------

/** A linter for generated programs with the given plugin (src/ in vitest, dist/ in the CLI). */
export function createProgramLinter(plugin, options = RULE_OPTIONS) {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' },
      plugins: { 'pool-lifetime': plugin },
      rules: { [RULE_ID]: ['error', options] },
    },
  ];
  return (code) => {
    const messages = linter.verify(code, config, { filename: 'program.ts' });
    const fatal = messages.filter((message) => message.fatal === true);
    if (fatal.length > 0) throw Object.assign(new Error(`parse error: ${fatal[0].message} (line ${String(fatal[0].line)})`), { kind: 'lint-parse' });
    return messages
      .filter((message) => message.ruleId === RULE_ID)
      .map((message) => ({ line: message.line, column: message.column, messageId: message.messageId, message: message.message }));
  };
}

// ----- compiling -------------------------------------------------------------------

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
const INJECTED = ['exports', 'require', 'module', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'Array', 'DisposableStack', 'AsyncDisposableStack'];

/**
 * TypeScript → CommonJS for Node 20 (`using` down-levelled). The module body
 * becomes the body of an async function, so top-level `await using` runs; the
 * runtime and virtual timers are its parameters.
 */
export function compileProgram(code) {
  const output = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true },
    fileName: 'program.ts',
    reportDiagnostics: true,
  });
  const diagnostics = output.diagnostics ?? [];
  if (diagnostics.length > 0) {
    const text = ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n');
    throw Object.assign(new Error(`transpile: ${text}`), { kind: 'compile' });
  }
  return { js: output.outputText, fn: new AsyncFunction(...INJECTED, output.outputText) };
}

// ----- running ---------------------------------------------------------------------

/** What the runner does with what the program hands out: pull everything (bounded). */
async function consumeValue(value, depth = 0, seen = new Set()) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (depth > 4 || seen.has(value)) return;
  seen.add(value);
  if (typeof value.then === 'function') {
    await consumeValue(await value, depth + 1, seen);
    return;
  }
  // A response's body, a web stream's reader: read to the end, as a caller would.
  if (value instanceof globalThis.Response) {
    await value.text();
    return;
  }
  if (value instanceof ReadableStreamDefaultReader) {
    for (let step = await value.read(); !step.done; step = await value.read());
    return;
  }
  if (typeof value[Symbol.asyncIterator] === 'function') {
    let count = 0;
    for await (const item of value) {
      void item;
      if (++count > 1000) break;
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) await consumeValue(item, depth + 1, seen);
    return;
  }
  if (typeof value[Symbol.iterator] === 'function') {
    let count = 0;
    for (const item of value) {
      void item;
      if (++count > 1000) break;
    }
    return;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    for (const item of Object.values(value)) await consumeValue(item, depth + 1, seen);
  }
}

/** All 2^n assignments of the program's inputs. */
export function inputCombinations(names) {
  const combos = [];
  for (let mask = 0; mask < 2 ** names.length; mask++) {
    combos.push(Object.fromEntries(names.map((name, i) => [name, (mask & (1 << i)) !== 0])));
  }
  return combos;
}

const RUN_TIMEOUT_MS = 5000;

/** Node's own modules a program may import (streams programs): the real ones. */
const NODE_MODULES = new Set(['node:stream', 'node:stream/promises', 'node:events', 'node:readline']);
const requireNode = createRequire(import.meta.url);

/**
 * One run: evaluates the module body, calls `main()`, consumes what it returns
 * and what the module exports, and plays the virtual event loop to the end.
 */
export async function runProgram(compiled, inputs, label = '') {
  const runtime = createRuntime({ inputs, label });
  const moduleObject = { exports: {} };
  let closeModules;
  const requireRuntime = (name) => {
    if (name === 'pool-runtime') return runtime.moduleExports;
    if (String(name).startsWith('pool-runtime/')) return (closeModules ??= createCloseModules(runtime, () => finished))[name] ?? {};
    if (NODE_MODULES.has(name)) return requireNode(name);
    throw new Error(`program requires '${String(name)}'`);
  };
  const injected = { exports: moduleObject.exports, require: requireRuntime, module: moduleObject, ...runtime.globals };
  let finished = false;
  let failure;
  const main = (async () => {
    await compiled.fn(...INJECTED.map((name) => injected[name]));
    const exported = moduleObject.exports;
    if (typeof exported.main === 'function') await consumeValue(await exported.main());
    for (const [name, value] of Object.entries(exported)) {
      if (name !== 'main' && typeof value !== 'function') await consumeValue(value);
    }
  })().then(
    () => {
      finished = true;
    },
    (error) => {
      finished = true;
      failure = error;
    },
  );
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = realSetTimeout(() => {
      reject(Object.assign(new Error(`timeout after ${String(RUN_TIMEOUT_MS)} ms`), { kind: 'timeout' }));
    }, RUN_TIMEOUT_MS);
  });
  try {
    await Promise.race([runtime.settle(() => finished), timeout]);
    await main;
  } catch (error) {
    failure ??= Object.assign(error instanceof Error ? error : new Error(String(error)), { kind: error?.kind ?? 'hang' });
  } finally {
    realClearTimeout(timer);
  }
  const errors = [...runtime.errors];
  if (failure) errors.unshift(failure);
  return { inputs, records: runtime.records, log: runtime.log, errors: errors.map((error) => describeError(error)) };
}

function describeError(error) {
  if (error instanceof Error) return `${error.kind ?? 'runtime'}: ${error.message}`;
  return `runtime: ${String(error)}`;
}

// ----- evaluating ------------------------------------------------------------------

/**
 * Lints, compiles and runs one program on all its inputs.
 * Returns `{ id, code, verdict, reports, observed, runs, exceptions, limits, features }`.
 */
/**
 * Lints one program and runs it on all its inputs with `runOne(compiled, inputs, id)`:
 * the reports, the runs, and every exception on the way (a rule crash, a compile or
 * run failure, an unhandled rejection). Shared by both rules' harnesses.
 */
export async function lintAndRun(program, lint, runOne) {
  const exceptions = [];
  let reports = [];
  try {
    reports = lint(program.code);
  } catch (error) {
    exceptions.push(`${error.kind ?? 'rule-crash'}: ${error.message.split('\n')[0]}`);
  }
  let runs = [];
  try {
    const compiled = compileProgram(program.code);
    const rejections = [];
    const onRejection = (reason) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      runs = await Promise.all(inputCombinations(program.inputs).map((inputs) => runOne(compiled, inputs, program.id)));
      // Let late rejections surface before the listener goes.
      await new Promise((resolve) => realSetTimeout(resolve, 0));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    for (const reason of rejections) exceptions.push(`unhandled-rejection: ${String(reason?.message ?? reason)}`);
  } catch (error) {
    exceptions.push(`${error.kind ?? 'runtime'}: ${error.message}`);
  }
  for (const run of runs) for (const error of run.errors) exceptions.push(`${error} (inputs ${JSON.stringify(run.inputs)})`);
  return { reports, runs, exceptions };
}

/**
 * A program's verdict and result from what `lintAndRun` gave: TP, TN, FP, FN, a
 * documented limit, or an exception. `agrees(reports, runs)`: whether reports
 * and observations that are both there match each other (else the report is an FP).
 */
export function programResult(program, { reports, runs, exceptions }, documented, agrees = () => true) {
  const reported = reports.length > 0;
  const observed = runs.some((run) => run.records.length > 0);
  const excusedBy = program.limits.filter((id) => documented.has(id));
  let verdict;
  if (exceptions.length > 0) verdict = 'exception';
  else if (reported && observed && agrees(reports, runs)) verdict = 'TP';
  else if (!reported && !observed) verdict = 'TN';
  else if (excusedBy.length > 0) verdict = 'limit';
  else verdict = reported ? 'FP' : 'FN';
  return {
    id: program.id,
    code: program.code,
    inputs: program.inputs,
    features: program.features,
    limits: program.limits,
    excusedBy,
    verdict,
    reported,
    observed,
    reports,
    runs: runs.map((run) => ({ inputs: run.inputs, records: run.records, log: run.log })),
    exceptions,
  };
}

export async function evaluateProgram(program, lint, documented = documentedLimits()) {
  // A close kind's report (blocks the close, left open) must match its own observation (a hang, a failed open value).
  const agrees = (reports, runs) => !unobservedCloseReport(reports, runs);
  return programResult(program, await lintAndRun(program, lint, runProgram), documented, agrees);
}

/** Evaluates `programs` one by one (each program's runs in parallel). */
export async function evaluatePrograms(programs, lint, { onResult } = {}) {
  const documented = documentedLimits();
  const results = [];
  for (const program of programs) {
    const result = await evaluateProgram(program, lint, documented);
    results.push(result);
    onResult?.(result, results.length);
  }
  return results;
}

/** Counts, precision and recall. */
export function summarise(results) {
  const counts = { TP: 0, FP: 0, FN: 0, TN: 0, limit: 0, exception: 0 };
  for (const result of results) counts[result.verdict] += 1;
  const ratio = (a, b) => (b === 0 ? 1 : a / b);
  return {
    programs: results.length,
    runs: results.reduce((sum, result) => sum + result.runs.length, 0),
    counts,
    precision: ratio(counts.TP, counts.TP + counts.FP),
    recall: ratio(counts.TP, counts.TP + counts.FN),
    disagreements: results.filter((result) => result.verdict === 'FP' || result.verdict === 'FN'),
    exceptions: results.filter((result) => result.verdict === 'exception'),
    limited: results.filter((result) => result.verdict === 'limit'),
  };
}

/** A sample of generated programs: fixed seed, fixed count. Program `i` has id `s<seed>-<i>`. */
export function generatePrograms(count, seed) {
  return samplePrograms(count, seed);
}

/**
 * Shrinks the disagreement `result` (program `index` of the sample with `seed`)
 * with fast-check: replays that sample and shrinks its spec while the program
 * keeps the same verdict (FP or FN) and the same limits. Returns the shrunk
 * program's result.
 */
export async function shrinkDisagreement(result, seed, index, lint, { maxSteps = 400 } = {}) {
  const documented = documentedLimits();
  const sameLimits = (program) => program.limits.join() === result.limits.join();
  let smallest = result;
  let steps = 0;
  const property = fc.asyncProperty(programArbitrary, async (program) => {
    steps += 1;
    if (steps > maxSteps || !sameLimits(program)) return true;
    const candidate = await evaluateProgram({ id: `${result.id}~${String(steps)}`, ...program }, lint, documented);
    if (candidate.verdict !== result.verdict) return true;
    if (candidate.code.length <= smallest.code.length) smallest = candidate;
    return false;
  });
  await fc.check(property, { seed, path: String(index), numRuns: 1 });
  return smallest;
}

/** A readable account of one result: the program, what the rule said, what the runs saw. */
export function describeResult(result) {
  const lines = [`--- ${result.id}: ${result.verdict}${result.limits.length > 0 ? ` (limits: ${result.limits.join(', ')})` : ''}`];
  lines.push(`features: ${result.features.join(' ')}`);
  lines.push(...result.code.trimEnd().split('\n').map((line, i) => `${String(i + 1).padStart(3)} | ${line}`));
  if (result.reports.length === 0) lines.push('rule: no report');
  for (const report of result.reports) lines.push(`rule: ${String(report.line)}:${String(report.column)} ${report.messageId}: ${report.message}`);
  const observedRuns = result.runs.filter((run) => run.records.length > 0);
  if (observedRuns.length === 0) lines.push(`runs: no pull after disposal on any of ${String(result.runs.length)} input(s)`);
  for (const run of observedRuns) {
    const pulls = run.records.map((record) => `${record.via}@${record.phase}`);
    lines.push(`runs: inputs ${JSON.stringify(run.inputs)} pulled after disposal: ${pulls.join(', ')}`);
  }
  for (const exception of result.exceptions) lines.push(`exception: ${exception}`);
  return lines.join('\n');
}

/** The summary as the CLI prints it. */
export function formatSummary(summary) {
  const { counts } = summary;
  const percent = (x) => `${(100 * x).toFixed(1)}%`;
  return [
    `programs: ${String(summary.programs)} (runs: ${String(summary.runs)})`,
    `TP ${String(counts.TP)}  FP ${String(counts.FP)}  FN ${String(counts.FN)}  TN ${String(counts.TN)}  limits ${String(counts.limit)}  exceptions ${String(counts.exception)}`,
    `precision: ${percent(summary.precision)} (TP / (TP + FP))`,
    `recall:    ${percent(summary.recall)} (TP / (TP + FN))`,
  ].join('\n');
}

// ----- type-checking the generator's output ------------------------------------------

/**
 * Type-checks programs against programs.d.ts (strict): the generator must
 * produce valid TypeScript. Returns `{ id, messages }` for programs with errors.
 */
export function typecheckPrograms(programs) {
  const files = new Map(programs.map((program, index) => [`/programs/p${String(index)}.ts`, program.code]));
  const typesPath = '/programs/pool-runtime.d.ts';
  files.set(typesPath, readFileSync(PROGRAM_TYPES_URL, 'utf8'));
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.esnext.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [fileURLToPath(new URL('../../node_modules/@types', import.meta.url))],
  };
  const host = ts.createCompilerHost(options);
  const originalGetSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = files.get(fileName);
    return text !== undefined ? ts.createSourceFile(fileName, text, languageVersion, true) : originalGetSourceFile(fileName, languageVersion, ...rest);
  };
  const originalFileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || originalFileExists(fileName);
  const originalReadFile = host.readFile.bind(host);
  host.readFile = (fileName) => files.get(fileName) ?? originalReadFile(fileName);
  const program = ts.createProgram([...files.keys()], options, host);
  const failures = [];
  programs.forEach((generated, index) => {
    const sourceFile = program.getSourceFile(`/programs/p${String(index)}.ts`);
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].filter(
      (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error,
    );
    if (diagnostics.length > 0) {
      failures.push({
        id: generated.id,
        code: generated.code,
        messages: diagnostics.map((diagnostic) => {
          const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
          return `${String(line)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
        }),
      });
    }
  });
  return failures;
}
