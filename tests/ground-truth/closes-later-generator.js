// Generates programs on where a close runs and what counts as one (the
// contract's third edition, rules 15–18), each shape with its correct twin:
//
// - rule 15, closes that run later: a close in the value's own `'data'`
//   listener, in another emitter's listener, in a timer (inline, a local
//   helper given as the callback, or called in it), in a `.then` of a promise not awaited
//   before the reading ends, while a started consumption (a `'data'`
//   listener, a pipe into the runtime's collector) still reads; twins: the
//   close on the value's `'end'`/`'close'` or the pipe destination's
//   `'finish'`, the value destroyed first, a graceful pool, the end awaited
//   before the callback is made, the close chained on `finished(s)`, and a
//   timer that fires once the reading is over (a documented limit: the rule
//   does not count time);
// - rule 16, local helpers: a helper that closes the pool (a declaration
//   given the pool, a `const` arrow closing over it, `pool.close.bind(pool)()`)
//   before or after the consumption; a helper that starts reading without
//   waiting (and its twin that returns the promise, awaited); a helper that
//   returns a lazy value made from its argument, read after the close or
//   returned from a `try` whose `finally` closes (twins: read before);
// - rule 17, promise chains: a `.then((c) => c.forEach(…))` on a cursor made
//   in an earlier step, the chain awaited or not before the close, its
//   result awaited and read after the close; `.finally(() => pool.close())`
//   with the consumption inside the steps, after the chain, or escaping;
// - rule 18, ownership guards: `finally { if (runner !== given) … }`-like
//   guards (identity, `!given`, `=== undefined`, a `const` flag, a class's
//   `this.runner`) where the runner is made by the call or handed in (the
//   input decides); a flag the `try` sets (`handedOff = true`) keeps the close
//   error-path cleanup (set on one path only, a documented limit).
//
// Programs use runtime.js's pool (an unknown driver: abrupt), and for rule 15
// also runtime-closes.js's abrupt and graceful pools. Programs have the same
// shape as generator.js's: `{ code, inputs, features, limits, spec }`; the
// rendering is a pure function of the spec.
import fc from 'fast-check';
import { indent } from './render-text.js';

/** Each shape with the rule of the contract it exercises. */
export const LATER_SHAPES = {
  dataListener: 15,
  otherEmitter: 15,
  timer: 15,
  thenLater: 15,
  disposeHelper: 16,
  readingHelper: 16,
  lazyHelper: 16,
  thenCursor: 17,
  finallyChain: 17,
  ownershipGuard: 18,
  flagGuard: 18,
};

export const closesLaterSpecArbitrary = fc.record({
  family: fc.constant('closesLater'),
  shape: fc.constantFrom(...Object.keys(LATER_SHAPES)),
  /** The correct twin of the shape, or the bug. */
  twin: fc.boolean(),
  /** Which form of the shape (or of its twin). */
  form: fc.nat(11),
  variant: fc.nat(5),
});

const pick = (list, n) => list[n % list.length];

/** A fresh program under construction. */
function draft(spec) {
  return {
    features: new Set(['family:closesLater', `rule:${String(LATER_SHAPES[spec.shape])}`, `shape:${spec.shape}`, spec.twin ? 'twin' : 'bug']),
    limits: new Set(),
    inputs: [],
    /** Names imported from 'pool-runtime'. */
    runtime: new Set(['sink']),
    /** Where `Pool` comes from: runtime.js, or a close kind of runtime-closes.js. */
    poolModule: 'pool-runtime',
    /** Names from node's modules: `finished`, `pipeline`, `once`, `EventEmitter`. */
    node: new Set(),
    /** Lines before `main`. */
    top: [],
    /** `main`'s body. */
    body: [],
  };
}

function input(d, name) {
  if (!d.inputs.includes(name)) d.inputs.push(name);
  d.runtime.add('input');
  return `input.${name}`;
}

// ----- rule 15 ---------------------------------------------------------------------

/**
 * The pool and its value for rule 15: a plain pool of runtime.js (a stream,
 * maybe through `.db()`), or an abrupt or graceful pool of runtime-closes.js
 * (an object-mode stream started when made). A graceful pool is always a twin.
 */
function laterPool(d, spec) {
  const kinds = spec.twin ? ['plain', 'plain', 'abrupt', 'graceful'] : ['plain', 'plain', 'abrupt'];
  const kind = pick(kinds, spec.variant);
  d.features.add(`pool:${kind}`);
  if (kind === 'plain') d.runtime.add('Pool');
  else d.poolModule = `pool-runtime/${kind}`;
  d.body.push("const pool = new Pool('db');");
  d.body.push(kind === 'plain' && spec.variant % 3 === 1 ? 'const s = pool.db().stream();' : 'const s = pool.stream();');
  return kind;
}

/** Starts reading `s`: a `'data'` listener, or a pipe into the collector (runtime.js's streams only); returns the pipe's destination. */
function startReading(d, spec, kind) {
  if (kind === 'plain' && spec.form % 2 === 1) {
    d.runtime.add('collector');
    d.features.add('start:pipe');
    d.body.push('const dest = collector();', 's.pipe(dest);');
    return 'dest';
  }
  d.features.add('start:data');
  d.body.push("s.on('data', (row: unknown) => sink(row));");
  return undefined;
}

/** A close statement in a callback: an arrow's whole body, or a statement. */
const closeBody = (spec) => (spec.variant % 2 === 0 ? 'pool.close()' : "{\n  sink('closing');\n  void pool.close();\n}");

function renderDataListener(d, spec) {
  const kind = laterPool(d, spec);
  if (!spec.twin) {
    // The close in the value's own per-item listener: the first row closes the pool, the stream reads on.
    if (spec.form % 3 === 2) {
      d.features.add('close:onlyListener');
      d.body.push("s.once('data', () => pool.close());");
    } else {
      const dest = startReading(d, spec, kind);
      void dest;
      d.body.push(spec.form % 3 === 0 ? "s.once('data', () => pool.close());" : "s.on('data', () => {\n  void pool.close();\n});");
    }
    return;
  }
  const dest = startReading(d, spec, kind);
  const forms = ['end', 'close', 'destroyFirst', ...(dest ? ['destFinish'] : [])];
  const form = kind === 'graceful' ? 'graceful' : pick(forms, Math.floor(spec.form / 2));
  d.features.add(`twin:${form}`);
  switch (form) {
    case 'end':
    case 'close':
      d.body.push(`s.once('${form}', () => pool.close());`);
      break;
    case 'destFinish':
      d.body.push(`${dest}.once('finish', () => pool.close());`);
      break;
    case 'destroyFirst':
      d.body.push("s.once('data', () => {\n  s.destroy();\n  void pool.close();\n});");
      break;
    default:
      d.body.push("s.once('data', () => pool.close());");
  }
}

function renderOtherEmitter(d, spec) {
  const kind = laterPool(d, spec);
  d.node.add('EventEmitter');
  d.body.push('const req = new EventEmitter();');
  startReading(d, spec, kind);
  const event = pick(['close', 'aborted'], spec.variant);
  const form = !spec.twin ? 'bug' : kind === 'graceful' ? 'graceful' : pick(['destroyFirst', 'ownEnd'], spec.form);
  d.features.add(spec.twin ? `twin:${form}` : 'bug');
  if (form === 'destroyFirst') d.body.push(`req.once('${event}', () => {\n  s.destroy();\n  void pool.close();\n});`);
  else if (form === 'ownEnd') d.body.push("s.once('close', () => pool.close());");
  else d.body.push(`req.once('${event}', () => ${closeBody(spec)});`);
  // The other emitter fires while the stream still reads (a row a virtual millisecond).
  d.body.push(`setTimeout(() => req.emit('${event}'), 2);`);
}

function renderTimer(d, spec) {
  const kind = laterPool(d, spec);
  startReading(d, spec, kind);
  const timer = pick(['setTimeout', 'setImmediate', 'helper', 'helperCall'], spec.form >> 1);
  d.features.add(`timer:${timer}`);
  const schedule = (callback, ms = 2) => (timer === 'setImmediate' ? `setImmediate(${callback});` : `setTimeout(${callback}, ${String(ms)});`);
  // A local helper that closes (rule 16), handed to the timer or called in its callback.
  if (timer === 'helper') d.body.push('const dispose = () => pool.close();');
  if (timer === 'helperCall') d.top.push('async function disconnect(p: { close(): Promise<void> }): Promise<void> {', '  await p.close();', '}');
  const closer = { helper: 'dispose', helperCall: '() => disconnect(pool)' }[timer] ?? `() => ${closeBody(spec)}`;
  if (!spec.twin) {
    d.body.push(schedule(closer));
    return;
  }
  const form = kind === 'graceful' ? 'graceful' : pick(['awaitEnd', 'destroyFirst', 'afterReading'], spec.form + spec.variant);
  d.features.add(`twin:${form}`);
  switch (form) {
    case 'awaitEnd':
      d.node.add('finished');
      d.body.push('await finished(s);', schedule(closer));
      break;
    case 'destroyFirst':
      d.body.push(schedule('() => {\n  s.destroy();\n  void pool.close();\n}'));
      break;
    case 'afterReading':
      // The timer fires once the six rows are read: over before the close, which the rule does not count.
      d.limits.add('laterCloseAfterReading');
      d.body.push(timer === 'setImmediate' ? `setTimeout(() => ${closeBody(spec)}, 50);` : schedule(closer, 50));
      break;
    default:
      d.body.push(schedule(closer));
  }
}

function renderThenLater(d, spec) {
  const kind = laterPool(d, spec);
  d.body.push('const ready = new Promise<void>((resolve) => setTimeout(resolve, 2));');
  startReading(d, spec, kind);
  if (!spec.twin) {
    d.body.push(spec.form % 2 === 0 ? 'void ready.then(() => pool.close());' : `ready.then(() => ${closeBody(spec)}).catch(() => undefined);`);
    return;
  }
  const form = kind === 'graceful' ? 'graceful' : pick(['finishedThen', 'awaitEnd', 'destroyFirst'], spec.form + spec.variant);
  d.features.add(`twin:${form}`);
  switch (form) {
    case 'finishedThen':
      d.node.add('finished');
      d.body.push('void finished(s).then(() => pool.close());');
      break;
    case 'awaitEnd':
      d.node.add('finished');
      d.body.push('await finished(s);', 'void ready.then(() => pool.close());');
      break;
    case 'destroyFirst':
      d.body.push('void ready.then(() => {\n  s.destroy();\n  return pool.close();\n});');
      break;
    default:
      d.body.push('void ready.then(() => pool.close());');
  }
}

// ----- rule 16 ---------------------------------------------------------------------

/** A lazy value of runtime.js's pool, and a read of it to its end. */
function lazyValue(n) {
  return pick(
    [
      { make: (p) => `${p}.imap((x: number) => x * 2, [1, 2, 3, 4])`, read: (v) => `for await (const row of ${v}) sink(row);`, name: 'imap' },
      { make: (p) => `${p}.find()`, read: (v) => `sink(await ${v}.toArray());`, name: 'find' },
      { make: (p) => `${p}.db().stream()`, read: (v) => `for await (const chunk of ${v}) sink(chunk);`, name: 'stream' },
    ],
    n,
  );
}

function renderDisposeHelper(d, spec) {
  d.runtime.add('Pool');
  const helper = pick(['declaration', 'closure', 'bind', 'arrowParam'], spec.form);
  d.features.add(`helper:${helper}`);
  const value = lazyValue(spec.variant);
  d.features.add(`value:${value.name}`);
  if (helper === 'declaration') d.top.push('async function disconnect(p: Pool): Promise<void> {', '  await p.close();', '}');
  if (helper === 'arrowParam') d.top.push('const disconnect = (p: Pool) => p.end();');
  d.body.push("const pool = new Pool('db');");
  if (helper === 'closure') d.body.push('const dispose = () => pool.close();');
  const close = { declaration: 'await disconnect(pool);', arrowParam: 'await disconnect(pool);', closure: 'await dispose();', bind: 'await pool.close.bind(pool)();' }[helper];
  const escape = Math.floor(spec.form / 4) % 2 === 1;
  d.features.add(escape ? 'place:try' : 'place:straight');
  if (escape) {
    d.body.push('try {', `  const rows = ${value.make('pool')};`, ...(spec.twin ? [`  ${value.read('rows')}`, '  return 1;'] : ['  return rows;']), '} finally {', `  ${close}`, '}');
  } else {
    d.body.push(`const rows = ${value.make('pool')};`, ...(spec.twin ? [value.read('rows'), close] : [close, value.read('rows')]), 'return 0;');
  }
}

function renderReadingHelper(d, spec) {
  d.runtime.add('Pool');
  const helper = pick(['toArrayThen', 'pipe', 'dataArrow'], spec.form);
  d.features.add(`helper:${helper}`);
  const twin = spec.twin;
  switch (helper) {
    case 'toArrayThen':
      d.top.push(
        `function findDocuments(p: Pool, cb: (rows: number[]) => void): ${twin ? 'Promise<void>' : 'void'} {`,
        `  ${twin ? 'return' : 'void'} p.collection('documents').find().toArray().then(cb);`,
        '}',
      );
      d.body.push("const pool = new Pool('db');", `${twin ? 'await ' : ''}findDocuments(pool, (rows) => sink(rows));`);
      break;
    case 'pipe':
      d.runtime.add('collector');
      if (twin) {
        d.node.add('pipeline');
        d.top.push('async function pump(p: Pool): Promise<void> {', '  await pipeline(p.stream(), collector());', '}');
      } else {
        d.top.push('function pump(p: Pool): void {', '  p.stream().pipe(collector());', '}');
      }
      d.body.push("const pool = new Pool('db');", `${twin ? 'await ' : ''}pump(pool);`);
      break;
    default:
      if (twin) {
        d.node.add('finished');
        d.top.push("const pump = (p: Pool) => finished(p.stream().on('data', (row: unknown) => sink(row)));");
      } else {
        d.top.push("const pump = (p: Pool) => {\n  p.stream().on('data', (row: unknown) => sink(row));\n};");
      }
      d.body.push("const pool = new Pool('db');", `${twin ? 'await ' : ''}pump(pool);`);
  }
  d.body.push(spec.variant % 2 === 0 ? 'await pool.close();' : 'pool.release();', 'return 0;');
}

function renderLazyHelper(d, spec) {
  d.runtime.add('Pool');
  const value = lazyValue(spec.variant);
  d.features.add(`value:${value.name}`);
  const helper = pick(['declaration', 'arrow'], spec.form);
  d.features.add(`helper:${helper}`);
  d.top.push(helper === 'declaration' ? `function rowsOf(p: Pool) {\n  return ${value.make('p')};\n}` : `const rowsOf = (p: Pool) => ${value.make('p')};`);
  d.body.push("const pool = new Pool('db');");
  const escape = Math.floor(spec.form / 2) % 2 === 1;
  d.features.add(escape ? 'place:try' : 'place:straight');
  if (escape) {
    d.body.push('try {', ...(spec.twin ? ['  const rows = rowsOf(pool);', `  ${value.read('rows')}`, '  return 1;'] : ['  return rowsOf(pool);']), '} finally {', '  await pool.close();', '}');
  } else {
    d.body.push('const rows = rowsOf(pool);', ...(spec.twin ? [value.read('rows'), 'await pool.close();'] : ['await pool.close();', value.read('rows')]), 'return 0;');
  }
}

// ----- rule 17 ---------------------------------------------------------------------

function renderThenCursor(d, spec) {
  d.runtime.add('Pool');
  d.body.push("const pool = new Pool('db');");
  const cursor = spec.variant % 2 === 0 ? 'pool.find()' : "pool.db().collection('users').find()";
  const chain = `pool.run(0).then(() => ${cursor})`;
  // A chain awaits what its step returns: a cursor-or-query name on the pool itself reads as an ORM's query then.
  if (!spec.twin && cursor === 'pool.find()') d.limits.add('awaitedCursorQuery');
  if (spec.twin) {
    const form = pick(['awaited', 'returnedStep'], spec.form);
    d.features.add(`twin:${form}`);
    if (form === 'awaited') d.body.push(`await ${chain}.then((c) => c.forEach((row) => sink(row)));`);
    else d.body.push(`const rows = await ${chain}.then((c) => c.toArray());`, 'sink(rows);');
    d.body.push('await pool.close();', 'return 0;');
    return;
  }
  const form = pick(['floating', 'cursorAfter'], spec.form);
  d.features.add(`bug:${form}`);
  if (form === 'floating') d.body.push(`void ${chain}.then((c) => c.forEach((row) => sink(row)));`, 'await pool.close();');
  else d.body.push(`const c = await ${chain};`, 'await pool.close();', 'await c.forEach((row) => sink(row));');
  d.body.push('return 0;');
}

function renderFinallyChain(d, spec) {
  d.runtime.add('Pool');
  d.body.push("const pool = new Pool('db');");
  const close = spec.variant % 2 === 0 ? '.finally(() => pool.close())' : '.finally(() => pool.end())';
  if (spec.twin) {
    const form = pick(['inSteps', 'returnedRows', 'floatingInSteps'], spec.form);
    d.features.add(`twin:${form}`);
    if (form === 'inSteps') d.body.push(`await pool.run(0).then(() => pool.find()).then((c) => c.toArray()).then((rows) => sink(rows))${close};`, 'return 0;');
    else if (form === 'returnedRows') d.body.push(`return pool.run(0).then(() => pool.find().toArray())${close};`);
    else d.body.push(`void pool.run(0).then(() => pool.find()).then((c) => c.forEach((row) => sink(row)))${close};`, 'return 0;');
    return;
  }
  const form = pick(['after', 'escapes'], spec.form);
  d.features.add(`bug:${form}`);
  if (form === 'after') {
    d.body.push('const c = pool.find();', `await pool.run(0).then((x) => sink(x))${close};`, 'sink(await c.toArray());', 'return 0;');
  }
  else {
    const cursor = Math.floor(spec.variant / 2) % 2 === 0 ? 'pool.find()' : "pool.db().collection('users').find()";
    if (cursor === 'pool.find()') d.limits.add('awaitedCursorQuery');
    d.body.push(`return pool.run(0).then(() => ${cursor})${close};`);
  }
}

// ----- rule 18 ---------------------------------------------------------------------

/** What the `try` does with the runner's value: returns it unread (the bug when the call made the runner) or reads it. */
function guardedUse(spec, runner) {
  const value = lazyValue(spec.variant);
  if (!spec.twin) return value.name === 'stream' ? [`const s = ${value.make(runner)};`, 'return s;'] : [`return ${value.make(runner)};`];
  return value.name === 'find' ? [`return await ${value.make(runner)}.toArray();`] : ['let n = 0;', `for await (const row of ${value.make(runner)}) n += row ? 1 : 0;`, 'return n;'];
}

function renderOwnershipGuard(d, spec) {
  d.runtime.add('Pool');
  const guard = pick(['identity', 'notGiven', 'undefinedGiven', 'constFlag', 'thisRunner'], spec.form);
  d.features.add(`guard:${guard}`);
  const given = input(d, 'a');
  const use = guardedUse(spec, 'runner');
  if (guard === 'thisRunner') {
    d.top.push(
      'class Repo {',
      '  runner: Pool | undefined = undefined;',
      '  async rows(): Promise<unknown> {',
      "    const runner = this.runner ?? new Pool('own');",
      '    try {',
      ...use.map((l) => indent(l, 3)),
      '    } finally {',
      '      if (runner !== this.runner) runner.release();',
      '    }',
      '  }',
      '}',
    );
    d.body.push('const repo = new Repo();', `if (${given}) repo.runner = new Pool('shared');`, 'return repo.rows();');
    return;
  }
  const test = { identity: 'runner !== given', notGiven: '!given', undefinedGiven: 'given === undefined', constFlag: 'owned' }[guard];
  d.top.push(
    'async function rows(given?: Pool): Promise<unknown> {',
    "  const runner = given ?? new Pool('own');",
    ...(guard === 'constFlag' ? ['  const owned = given === undefined;'] : []),
    '  try {',
    ...use.map((l) => indent(l, 2)),
    '  } finally {',
    `    if (${test}) runner.release();`,
    '  }',
    '}',
  );
  d.body.push(`return rows(${given} ? new Pool('shared') : undefined);`);
}

function renderFlagGuard(d, spec) {
  d.runtime.add('Pool');
  const value = lazyValue(spec.variant);
  d.features.add(`value:${value.name}`);
  const fails = input(d, 'a');
  // The bug: the flag is set on one path only, so the other returns the value of a released pool.
  const set = spec.twin ? 'handedOff = true;' : `if (${input(d, 'b')}) handedOff = true;`;
  if (!spec.twin) d.limits.add('errorPathDispose');
  d.top.push(
    'async function open(): Promise<unknown> {',
    "  const pool = new Pool('own');",
    '  let handedOff = false;',
    '  try {',
    `    if (${fails}) throw new Error('fail');`,
    `    const rows = ${value.make('pool')};`,
    `    ${set}`,
    '    return rows;',
    '  } finally {',
    `    if (!handedOff) ${spec.form % 2 === 0 ? 'pool.release();' : 'await pool.close();'}`,
    '  }',
    '}',
  );
  d.body.push('try {', '  return await open();', '} catch {', '  return 0;', '}');
}

const RENDERERS = {
  dataListener: renderDataListener,
  otherEmitter: renderOtherEmitter,
  timer: renderTimer,
  thenLater: renderThenLater,
  disposeHelper: renderDisposeHelper,
  readingHelper: renderReadingHelper,
  lazyHelper: renderLazyHelper,
  thenCursor: renderThenCursor,
  finallyChain: renderFinallyChain,
  ownershipGuard: renderOwnershipGuard,
  flagGuard: renderFlagGuard,
};

/** Renders one closes-later program. */
export function renderClosesLater(spec) {
  const d = draft(spec);
  RENDERERS[spec.shape](d, spec);
  const lines = [];
  if (d.poolModule !== 'pool-runtime') lines.push(`import { Pool } from '${d.poolModule}';`);
  lines.push(`import { ${[...d.runtime].sort().join(', ')} } from 'pool-runtime';`);
  const promises = ['finished', 'pipeline'].filter((name) => d.node.has(name));
  if (promises.length > 0) lines.push(`import { ${promises.join(', ')} } from 'node:stream/promises';`);
  if (d.node.has('EventEmitter')) lines.push("import { EventEmitter } from 'node:events';");
  lines.push('', ...d.top, ...(d.top.length > 0 ? [''] : []));
  lines.push('export async function main(): Promise<unknown> {', ...d.body.map((line) => indent(line)));
  if (!d.body.some((line) => /^(?:return |try \{)/.test(line)) && !d.body.at(-1)?.startsWith('return')) lines.push('  return 0;');
  lines.push('}', '');
  return { code: lines.join('\n'), inputs: d.inputs, features: [...d.features].sort(), limits: [...d.limits].sort(), spec };
}
