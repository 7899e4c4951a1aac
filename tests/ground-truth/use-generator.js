// Programs for `no-pool-used-after-close`: a pool of a real driver's name
// (workerpool, sqlite3, better-sqlite3, basic-ftp, mysql's connection and
// pool; use-runtime.js fakes them as the drivers behave), closed in one of
// the contract's ways, and used before the close, after it (on every path or
// on some), in a callback of the pool's own call, in a timer, left floating,
// through an alias, a handle (a prepared statement) or a helper, or inside
// an assertion of failure. Branch conditions are inputs (`input.a`, …).
import fc from 'fast-check';

/** Each driver: its import, how a pool is made and closed, and its operations. */
const DRIVERS = {
  workerpool: {
    imports: ["import workerpool from 'workerpool';"],
    make: 'workerpool.pool()',
    close: (p, force) => `await ${p}.terminate(${force ? 'true' : ''});`,
    forceable: true,
    async: true,
    op: (p, n) => `${p}.exec('job${String(n)}')`,
  },
  sqlite3: {
    imports: ["import sqlite3 from 'sqlite3';"],
    make: "new sqlite3.Database(':memory:')",
    close: (p) => `${p}.close();`,
    callbacks: true,
    op: (p, n, cb) => `${p}.run('UPDATE t SET n = ${String(n)}'${cb ? `, ${cb}` : ''})`,
  },
  betterSqlite3: {
    imports: ["import Database from 'better-sqlite3';"],
    make: "new Database(':memory:')",
    close: (p) => `${p}.close();`,
    sync: true,
    handles: true,
    op: (p, n) => `${p}.exec('UPDATE t SET n = ${String(n)}')`,
  },
  basicFtp: {
    imports: ["import { Client } from 'basic-ftp';"],
    make: 'new Client()',
    close: (p) => `${p}.close();`,
    async: true,
    op: (p, n) => `${p}.downloadTo('out${String(n)}', 'remote${String(n)}')`,
  },
  mysqlConnection: {
    imports: ["import mysql from 'mysql';"],
    make: 'mysql.createConnection({})',
    close: (p) => `${p}.end();`,
    callbacks: true,
    op: (p, n, cb) => `${p}.query('SELECT ${String(n)}'${cb ? `, ${cb}` : ''})`,
  },
  mysqlPool: {
    imports: ["import mysql from 'mysql';"],
    make: 'mysql.createPool({})',
    close: (p) => `${p}.end();`,
    callbacks: true,
    op: (p, n, cb) => `${p}.query('SELECT ${String(n)}'${cb ? `, ${cb}` : ''})`,
  },
};

export const USE_DRIVERS = Object.keys(DRIVERS);
/** Where the pool dies: a close at the end of the scope, one on some paths, in `finally`, in `catch` only. */
export const CLOSES = ['close', 'closeIf', 'finally', 'catchOnly'];
/** Where a use runs. */
export const USE_PLACES = ['before', 'floating', 'after', 'afterIf', 'callback', 'timer', 'assertion', 'afterRecreated', 'beforeAwaitThenClose'];
export const VIAS = ['pool', 'alias', 'handle', 'helper'];

const useArbitrary = fc.record({
  place: fc.constantFrom(...USE_PLACES),
  via: fc.constantFrom(...VIAS),
});

export const useSpecArbitrary = fc.record({
  driver: fc.constantFrom(...USE_DRIVERS),
  close: fc.constantFrom(...CLOSES),
  force: fc.boolean(),
  uses: fc.array(useArbitrary, { minLength: 1, maxLength: 3 }),
});

const indent = (line, depth = 1) => `${'  '.repeat(depth)}${line}`;

/** The statement that makes a use of `target` (the pool's name, an alias, a helper call), numbered `n`. */
function useStatement(driver, target, via, n, { floating = false, callback } = {}) {
  const spec = DRIVERS[driver];
  if (via === 'helper') return `${floating && spec.async ? '' : spec.async ? 'await ' : ''}useIt(${target});`;
  if (via === 'handle' && spec.handles) return `stmt.run();`;
  const call = spec.op(target, n, callback);
  if (spec.async) return floating ? `void ${call};` : `await ${call};`;
  return `${call};`;
}

/** Renders a spec to a program: `{ code, inputs, features, limits }`. */
export function renderUse(spec) {
  const d = DRIVERS[spec.driver];
  const features = new Set([`driver:${spec.driver}`, `close:${spec.close}`]);
  const inputs = new Set();
  const header = [...d.imports];
  const body = [];
  const after = [];
  const recreated = spec.uses.some((use) => use.place === 'afterRecreated');
  body.push(`${recreated ? 'let' : 'const'} db = ${d.make};`);
  if (spec.uses.some((use) => use.via === 'alias')) body.push('const other = db;');
  if (spec.uses.some((use) => use.via === 'handle') && d.handles) body.push("const stmt = db.prepare('UPDATE t SET n = 0');");
  const helpers = spec.uses.some((use) => use.via === 'helper');
  const scope = [];
  let n = 0;
  const closeLine = d.close('db', d.forceable && spec.force);
  const assertion = spec.uses.some((use) => use.place === 'assertion');
  for (const use of spec.uses) {
    n += 1;
    const target = use.via === 'alias' ? 'other' : 'db';
    features.add(`use:${use.place}`);
    features.add(`via:${use.via}`);
    switch (use.place) {
      case 'before':
        scope.push(useStatement(spec.driver, target, use.via, n));
        break;
      case 'floating':
        if (d.callbacks) scope.push(`${d.op(target, n, '() => {}')};`);
        else scope.push(useStatement(spec.driver, target, use.via, n, { floating: true }));
        break;
      case 'beforeAwaitThenClose':
        // A pool acquiring connections asynchronously has one once an `await` passed; a promise's end is another matter.
        if (!d.callbacks) {
          scope.push(useStatement(spec.driver, target, use.via, n));
          break;
        }
        scope.push(`${d.op(target, n, '() => {}')};`, 'await new Promise((resolve) => setTimeout(resolve, 10));');
        break;
      case 'callback':
        if (d.callbacks) scope.push(`${d.op('db', n, `(err: unknown) => { if (!err) ${useStatement(spec.driver, target, use.via, n + 10)} }`)};`);
        else scope.push(useStatement(spec.driver, target, use.via, n));
        break;
      case 'timer':
        scope.push(`setTimeout(${d.async ? 'async ' : ''}() => { ${useStatement(spec.driver, target, use.via, n)} }, 5);`);
        break;
      case 'after':
        after.push(useStatement(spec.driver, target, use.via, n));
        break;
      case 'afterIf':
        inputs.add('b');
        after.push(`if (input.b) ${useStatement(spec.driver, target, use.via, n)}`);
        break;
      case 'assertion':
        after.push(`assert.throws(() => { ${useStatement(spec.driver, target, use.via, n, { floating: true }).replace(/^void /, '')} });`);
        break;
      case 'afterRecreated':
        after.push(`db = ${d.make};`, useStatement(spec.driver, 'db', use.via === 'alias' || use.via === 'handle' ? 'pool' : use.via, n), closeLine);
        break;
    }
  }
  if (helpers) {
    const parameter = spec.driver === 'workerpool' ? 'ReturnType<typeof workerpool.pool>' : 'any';
    const op = d.op('target', 99, d.callbacks ? '() => {}' : undefined);
    header.push('', `${d.async ? 'async ' : ''}function useIt(target: ${parameter}) {`, indent(d.async ? `await ${op};` : `${op};`), '}');
  }
  if (assertion) header.push("import assert from 'node:assert';");
  if (inputs.size > 0 || spec.close === 'closeIf' || spec.close === 'catchOnly') header.push("import { input } from 'use-runtime';");
  switch (spec.close) {
    case 'close':
      body.push(...scope, closeLine);
      break;
    case 'closeIf':
      inputs.add('a');
      body.push(...scope, `if (input.a) {`, indent(closeLine), '}');
      break;
    case 'finally':
      body.push('try {', ...scope.map((line) => indent(line)), '} finally {', indent(closeLine), '}');
      break;
    case 'catchOnly':
      inputs.add('a');
      body.push('try {', ...scope.map((line) => indent(line)), indent("if (input.a) throw new Error('fails');"), '} catch {', indent(closeLine), indent('return;'), '}');
      break;
  }
  body.push(...after);
  // Each pool is closed at the end of a run that left it open, so that nothing keeps the run alive.
  const code = [
    ...header,
    '',
    'export async function main(): Promise<unknown> {',
    ...body.map((line) => indent(line)),
    indent('return undefined;'),
    '}',
    '',
  ].join('\n');
  // A close in a `catch` is error-path cleanup for the rule (the docs' "What is not reported"); what runs later is not judged.
  const places = new Set(spec.uses.map((use) => use.place));
  const limits = [];
  // A call of a callback-style driver before the close is an operation left running, awaited or not.
  const running = ['timer', 'callback', 'floating', 'beforeAwaitThenClose', ...(d.callbacks ? ['before'] : [])];
  if (spec.close === 'catchOnly' && running.some((place) => places.has(place))) limits.push('errorPathClose');
  // The scope awaits (an awaited operation, a wait) after setting a timer or leaving an operation floating.
  const awaitsLater = (place) => spec.uses.some((use, index) => use.place === place && spec.uses.slice(index + 1).some((next) => awaits(next)));
  // An awaited operation: a use before the close of a promise driver (a callback place renders as one there).
  const awaits = (use) => use.place === 'beforeAwaitThenClose' || (d.async && (use.place === 'before' || use.place === 'callback'));
  const handedOver = ['timer', ...(d.callbacks ? ['callback'] : [])];
  if (handedOver.some((place) => awaitsLater(place) || (places.has(place) && places.has('beforeAwaitThenClose')))) limits.push('callbackBeforeClose');
  if (awaitsLater('floating') || spec.uses.some((use) => use.via === 'helper' && d.async && use.place === 'floating')) limits.push('finishedBeforeClose');
  return { code, inputs: [...inputs].sort(), features: [...features].sort(), limits };
}

export const useProgramArbitrary = useSpecArbitrary.map((spec) => renderUse(spec));

/** A fixed sample: program `i` has id `u<seed>-<i>`. */
export function sampleUsePrograms(count, seed) {
  return fc.sample(useProgramArbitrary, { numRuns: count, seed }).map((program, index) => ({ id: `u${String(seed)}-${String(index)}`, ...program }));
}
