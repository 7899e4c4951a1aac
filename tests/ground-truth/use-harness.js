// Ground truth by execution for `no-pool-used-after-close`: programs of
// use-generator.js are linted with the rule and run against use-runtime.js,
// whose drivers record each use after close (a revived worker pool, a
// SQLITE_MISUSE, a transfer left unsettled, a query failed by `end()`).
//   reported = the rule gives at least one report;
//   observed = on some input, a driver recorded a use after close.
// Verdicts and the summary are harness.js's; a disagreement on a program that
// runs into a limit the docs page documents (USE_LIMITS) counts as `limit`.
import { readFileSync } from 'node:fs';
import { setTimeout as realSetTimeout, clearTimeout as realClearTimeout } from 'node:timers';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { lintAndRun, programResult } from './harness.js';
import { createRuntime } from './runtime.js';
import { createUseDrivers } from './use-runtime.js';
import { sampleUsePrograms } from './use-generator.js';

export const USE_RULE_ID = 'pool-lifetime/no-pool-used-after-close';

const DOCS_URL = new URL('../../docs/rules/no-pool-used-after-close.md', import.meta.url);

/** What the rule by design does not judge, with the docs' own words. */
export const USE_LIMITS = [
  {
    id: 'errorPathClose',
    reason: 'The pool is closed in a `catch` only: error-path cleanup, after which what runs later is not judged.',
    docsQuote: 'a use after a close on an error path only: a close in a `catch`',
  },
  {
    id: 'callbackBeforeClose',
    reason: 'A timer or a callback handed over in the scope runs before the close, because the scope awaits long enough first.',
    docsQuote: 'A timer set in the scope, or a callback handed over to an asynchronous call, is taken to run after the close',
  },
  {
    id: 'finishedBeforeClose',
    reason: 'An operation left floating is over by the time of the close, because the scope awaits other work first.',
    docsQuote: 'An operation left floating before a close that does not wait for it is reported even where the scope awaits other work first',
  },
];

export function documentedUseLimits() {
  const docs = readFileSync(DOCS_URL, 'utf8').replace(/\s+/g, ' ');
  return new Set(USE_LIMITS.filter((limit) => docs.includes(limit.docsQuote.replace(/\s+/g, ' '))).map((limit) => limit.id));
}

/** A linter for the second family, with the rule's defaults. */
export function createUseLinter(plugin) {
  const linter = new Linter({ configType: 'flat' });
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' },
      plugins: { 'pool-lifetime': plugin },
      rules: { [USE_RULE_ID]: 'error' },
    },
  ];
  return (code) => {
    const messages = linter.verify(code, config, { filename: 'program.ts' });
    const fatal = messages.filter((message) => message.fatal === true);
    if (fatal.length > 0) throw Object.assign(new Error(`parse error: ${fatal[0].message}`), { kind: 'lint-parse' });
    return messages
      .filter((message) => message.ruleId === USE_RULE_ID)
      .map((message) => ({ line: message.line, column: message.column, messageId: message.messageId, message: message.message }));
  };
}

const RUN_TIMEOUT_MS = 5000;
const INJECTED = ['exports', 'require', 'module', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'Array', 'DisposableStack', 'AsyncDisposableStack'];

/** One run on the virtual event loop of runtime.js, with the drivers of use-runtime.js. */
async function runUseProgram(compiled, inputs, label) {
  const runtime = createRuntime({ inputs, label });
  const drivers = createUseDrivers({ schedule: (delay, fn) => runtime.globals.setTimeout(fn, delay), log: runtime.log });
  const moduleObject = { exports: {} };
  const requireModule = (name) => {
    if (name === 'use-runtime') return { input: Object.freeze({ ...inputs }) };
    const driver = drivers.modules[name];
    if (!driver) throw new Error(`program requires '${String(name)}'`);
    return driver;
  };
  const injected = { exports: moduleObject.exports, require: requireModule, module: moduleObject, ...runtime.globals };
  let finished = false;
  let failure;
  const main = (async () => {
    await compiled.fn(...INJECTED.map((name) => injected[name]));
    if (typeof moduleObject.exports.main === 'function') await moduleObject.exports.main();
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
    failure ??= error;
  } finally {
    realClearTimeout(timer);
  }
  const errors = [...runtime.errors];
  if (failure) errors.unshift(failure);
  // Reported as pulls are by harness.js's describeResult: `via@phase`.
  const records = drivers.records.map((entry) => ({ via: entry.driver, phase: entry.what }));
  return { inputs, records, log: runtime.log, errors: errors.map((error) => `${error?.kind ?? 'runtime'}: ${String(error?.message ?? error)}`) };
}

/** Lints, compiles and runs one program on all its inputs: a result as harness.js's `evaluateProgram` gives. */
export async function evaluateUseProgram(program, lint, documented = documentedUseLimits()) {
  return programResult(program, await lintAndRun(program, lint, runUseProgram), documented);
}

export async function evaluateUsePrograms(programs, lint, { onResult } = {}) {
  const documented = documentedUseLimits();
  const results = [];
  for (const program of programs) {
    const result = await evaluateUseProgram(program, lint, documented);
    results.push(result);
    onResult?.(result, results.length);
  }
  return results;
}

export function generateUsePrograms(count, seed) {
  return sampleUsePrograms(count, seed);
}
