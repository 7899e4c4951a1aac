// Generates small TypeScript programs from the contract's building blocks.
//
// A program is drawn as a *spec* (a fast-check record of small choices: the
// pool kind, the lazy source, aliases, and one to three uses of the
// iterator, each placed somewhere relative to the disposal point) and then
// rendered to source text by `render()`, which is deterministic and repairs
// combinations that would not type-check or would not run (an after-scope use
// needs an outer binding, a sync-only context cannot await, …). Shrinking the
// spec shrinks the program: the first option of every list is the simplest.
//
// Programs import 'pool-runtime' (see runtime.js / programs.d.ts), read
// their branch conditions from `input.<name>` (every name is an independent
// boolean the runner enumerates), and export `main()`, which the runner calls
// and whose result it consumes.
import fc from 'fast-check';
import { indent, inputNames } from './render-text.js';
import { realCodeSpecArbitrary, renderRealCode } from './real-code-generator.js';
import { renderStream, streamSpecArbitrary } from './stream-generator.js';
import { closeKindsSpecArbitrary, renderCloseKinds } from './close-kinds-generator.js';
import { closesLaterSpecArbitrary, renderClosesLater } from './closes-later-generator.js';

/** Pool kinds: how the pool's disposal happens. */
export const POOL_KINDS = [
  'awaitUsing',
  'using',
  'tryFinally',
  'explicitClose',
  'stack',
  'factory',
  'forUsing',
  'moduleUsing',
  'errorPathOnly',
  'generatorFunction',
];

/** Lazy sources. */
export const SOURCES = ['imap', 'iterate', 'find', 'dbFind', 'childFind', 'dbImap', 'genAsync', 'genSync', 'pMap', 'awaitImap', 'awaitFind'];

export const ALIASES = ['const', 'outer', 'nullish', 'container', 'destructure', 'arrayDestructure', 'outerContainer'];

export const FORMS = ['loop', 'loopBreak', 'spread', 'arrayFrom', 'destructure', 'next', 'toArray', 'helper', 'newSet', 'forEach', 'loopBreakIf'];

/** Contexts per place. `in`: in the disposal scope; `after`: after the disposal point; and so on. */
export const CONTEXTS = {
  in: ['direct', 'block', 'if', 'loopContinue', 'loopTwice', 'iife', 'forEachCallback', 'promiseExecutor', 'awaitedThen', 'tryCatch', 'closureCall', 'labeled', 'switch'],
  after: ['direct', 'if', 'block', 'loopContinue', 'iife', 'forEachCallback', 'helperParam', 'catch', 'closureCall', 'functionDeclaration', 'timeout'],
  later: ['setTimeout', 'queueMicrotask', 'then', 'setImmediate', 'thenCatch', 'setInterval'],
  unawaited: ['void', 'floating', 'bindAwaitedAfter', 'bindAwaitedIn', 'voidIife', 'returnNoAwait', 'fromAsync', 'toArrayFloating'],
  escape: ['return', 'returnIf', 'returnContainer', 'storeHolder', 'exportLet', 'returnAfter', 'arrowBody'],
  prevIter: ['direct'],
};
export const PLACES = Object.keys(CONTEXTS);

const rarely = (weight = 4) =>
  fc.oneof({ arbitrary: fc.constant(false), weight }, { arbitrary: fc.constant(true), weight: 1 });

/** Weights of the places: correct programs (in-scope uses) are as common as each kind of bug. */
const PLACE_WEIGHTS = { in: 6, after: 3, later: 2, unawaited: 2, escape: 2, prevIter: 1 };

const useArbitrary = fc.record({
  place: fc.oneof(...PLACES.map((place) => ({ arbitrary: fc.constant(place), weight: PLACE_WEIGHTS[place] }))),
  ctx: fc.nat(40),
  form: fc.constantFrom(...FORMS),
  guard: rarely(3),
});

export const specArbitrary = fc.record({
  pool: fc.constantFrom(...POOL_KINDS),
  variant: fc.nat(11),
  closeGuard: fc.boolean(),
  source: fc.constantFrom(...SOURCES),
  combinators: fc.array(fc.constantFrom('map', 'filter', 'limit'), { maxLength: 2 }),
  aliases: fc.array(fc.constantFrom(...ALIASES), { maxLength: 2 }),
  uses: fc.array(useArbitrary, { minLength: 1, maxLength: 3 }),
  inline: fc.boolean(),
  loopAround: rarely(6),
  earlyExit: rarely(6),
  throwOut: rarely(6),
  nested: rarely(6),
  awaitAtEnd: rarely(8),
});

/**
 * The program arbitrary: a spec, rendered. One program in eight reads a pool's
 * stream (stream-generator.js), one in eight has a shape of real code
 * (real-code-generator.js), one in eight closes a graceful, strict or abrupt
 * pool (close-kinds-generator.js), one in eight closes from a callback, a
 * helper, a chain or under an ownership guard (closes-later-generator.js).
 */
export const programArbitrary = fc.oneof(
  { arbitrary: specArbitrary.map((spec) => render(spec)), weight: 4 },
  { arbitrary: streamSpecArbitrary.map((spec) => renderStream(spec)), weight: 1 },
  { arbitrary: realCodeSpecArbitrary.map((spec) => renderRealCode(spec)), weight: 1 },
  { arbitrary: closeKindsSpecArbitrary.map((spec) => renderCloseKinds(spec)), weight: 1 },
  { arbitrary: closesLaterSpecArbitrary.map((spec) => renderClosesLater(spec)), weight: 1 },
);

// ---------------------------------------------------------------------------------

const SOURCE_INFO = {
  imap: { type: 'LazyAsync<number>', async: true, expr: (p) => `${p}.imap((x: number) => x * 2, [1, 2, 3, 4, 5, 6])`, helpers: true },
  awaitImap: { type: 'LazyAsync<number>', async: true, expr: (p) => `await ${p}.imap((x: number) => x + 1, [1, 2, 3, 4, 5, 6])`, helpers: true, awaited: true },
  dbImap: { type: 'LazyAsync<number>', async: true, expr: (p) => `${p}.db().imap((x: number) => x, [4, 5, 6, 7, 8, 9])`, helpers: true },
  iterate: { type: 'LazySync<number>', async: false, expr: (p) => `${p}.iterate([1, 2, 3, 4, 5, 6])`, helpers: true },
  find: { type: 'Cursor<number>', async: true, expr: (p) => `${p}.find()`, helpers: true, cursor: true },
  awaitFind: { type: 'Cursor<number>', async: true, expr: (p) => `await ${p}.find()`, helpers: true, cursor: true, awaited: true },
  dbFind: { type: 'Cursor<number>', async: true, expr: (p) => `${p}.db().collection('users').find()`, helpers: true, cursor: true },
  childFind: { type: 'Cursor<number>', async: true, expr: () => `db.find()`, helpers: true, cursor: true, child: true },
  pMap: { type: 'LazyAsync<number>', async: true, expr: (p) => `pMapIterable([1, 2, 3, 4, 5, 6], (x) => ${p}.run(x))`, helpers: true },
  genAsync: { type: 'AsyncGenerator<number>', async: true, expr: () => `rows()`, helpers: false, generator: true },
  genSync: { type: 'Generator<number>', async: false, expr: () => `rows()`, helpers: false, generator: true },
};

/**
 * Renders a spec to a program: `{ code, inputs, features, limits, spec }`.
 * `features` name the building blocks used; `limits` name the documented
 * limits (see harness.js) that the program runs into.
 */
export function render(spec) {
  const features = new Set();
  const limits = new Set();
  const { names: inputs, next: newInput } = inputNames();
  let counter = 0;
  const fresh = (base) => `${base}${String(counter++)}`;
  const P = 'pool';
  const variant = spec.variant;
  const kind = spec.pool;
  const atModule = kind === 'moduleUsing';
  // `async function* produce() { await using pool = …; …; yield* it; }`: the scope stays alive while suspended.
  const inGenerator = kind === 'generatorFunction';
  features.add(`pool:${kind}`);

  // ----- the source -----------------------------------------------------------------
  const sourceName = spec.source;
  const info = SOURCE_INFO[sourceName];
  features.add(`source:${sourceName}`);
  const type = info.type;
  const isAsync = info.async;
  let sourceExpr = info.expr(P);
  const setup = []; // statements in the scope before the creation
  if (info.child) setup.push(`const db = ${P}.db();`);
  if (sourceName === 'genAsync') {
    setup.push(`async function* rows() {\n  for await (const x of ${P}.imap((n: number) => n * 3, [1, 2, 3, 4, 5, 6])) yield x;\n}`);
  } else if (sourceName === 'genSync') {
    setup.push(`function* rows() {\n  yield* ${P}.iterate([1, 2, 3, 4, 5, 6]);\n}`);
  }
  if (sourceName === 'awaitFind') limits.add('awaitedCursorQuery');
  const hasHelpers = info.helpers; // toArray, forEach, map, filter
  if (hasHelpers) {
    for (const combinator of spec.combinators) {
      if (combinator === 'limit' && !info.cursor) continue;
      const call = combinator === 'map' ? 'map((x) => x + 10)' : combinator === 'filter' ? 'filter((x) => x > 0)' : 'limit(5)';
      sourceExpr = info.awaited && !sourceExpr.startsWith('(') ? `(${sourceExpr}).${call}` : `${sourceExpr}.${call}`;
      features.add(`combinator:${combinator}`);
    }
  }

  // ----- uses: places and contexts, repaired to what the frame offers --------------------
  const uses = spec.uses.map((use, index) => {
    let place = use.place;
    let ctx = pick(CONTEXTS[place], use.ctx);
    // In a generator holding the pool, everything happens in its scope; `main` only iterates it.
    if (inGenerator && (place === 'after' || place === 'prevIter' || place === 'escape')) {
      place = 'in';
      ctx = pick(CONTEXTS.in, use.ctx);
    }
    if (inGenerator && place === 'unawaited' && (ctx === 'bindAwaitedAfter' || ctx === 'returnNoAwait')) ctx = 'bindAwaitedIn';
    const isLast = index === spec.uses.length - 1;
    if (place === 'prevIter' && !(kind === 'forUsing' || (spec.loopAround && !atModule))) {
      place = 'after';
      ctx = pick(CONTEXTS.after, use.ctx);
    }
    if (place === 'after' && atModule && ['catch', 'closureCall', 'functionDeclaration', 'timeout'].includes(ctx)) ctx = 'direct';
    if (place === 'escape') {
      if (atModule) ctx = ctx === 'exportLet' ? 'exportLet' : 'exportConst';
      else if (ctx === 'exportConst') ctx = 'return';
      const arrowOk =
        kind === 'factory' && spec.uses.length === 1 && spec.aliases.length === 0 && setup.length === 0 && !info.awaited && !spec.earlyExit && !spec.throwOut;
      if (ctx === 'arrowBody' && !arrowOk) ctx = 'return';
      if (!isLast && ['return', 'returnContainer'].includes(ctx)) ctx = 'returnIf';
    }
    if (place === 'unawaited') {
      if (ctx === 'returnNoAwait' && (atModule || !hasHelpers || !isAsync)) ctx = 'void';
      if (ctx === 'toArrayFloating' && !hasHelpers) ctx = 'void';
    }
    return { ...use, place, ctx, isLast };
  });
  // Only a use that runs after every other may exhaust the iterator (an exhausted
  // iterator is not pulled again, so a use after it would observe nothing): in-scope
  // uses are partial as soon as some use runs later.
  const inScopeOnly = (u) => u.place === 'in' || (u.place === 'unawaited' && u.ctx === 'bindAwaitedIn');
  const someLater = uses.some((u) => !inScopeOnly(u));
  // In a generator holding the pool, its final `yield*` runs after every in-scope use.
  for (const use of uses) use.isLast = !((someLater || inGenerator) && inScopeOnly(use));

  // ----- the frame's shape -------------------------------------------------------------
  // A `try` around a catch-only disposal would make the dispose call's own exception a path (see README).
  const throwOut = !atModule && !inGenerator && kind !== 'errorPathOnly' && (spec.throwOut || uses.some((u) => u.place === 'after' && u.ctx === 'catch'));
  const loopAround = !atModule && !inGenerator && spec.loopAround;
  const nested = !atModule && !inGenerator && spec.nested;
  const earlyExit = !atModule && !inGenerator && spec.earlyExit;
  // Whether the scope's consts are out of reach after the disposal point.
  const blockScoped = !(kind === 'explicitClose' || atModule) || throwOut || loopAround || nested;

  // ----- creation and aliases -------------------------------------------------------------
  const prelude = []; // main, before the frame
  const moduleLines = []; // module level, before main
  const creation = [];
  let access = fresh('it');
  let outer; // how code after the disposal point reads the iterator: { name, access }
  const needsOuter = uses.some(
    (u) => u.place === 'after' || u.place === 'prevIter' || (u.place === 'unawaited' && u.ctx === 'bindAwaitedAfter') || (u.place === 'escape' && u.ctx === 'returnAfter'),
  );
  const inline = spec.inline && spec.aliases.length === 0 && uses.length === 1 && uses[0].place === 'in' && !info.generator;
  const arrowBody = uses.length === 1 && uses[0].place === 'escape' && uses[0].ctx === 'arrowBody';
  if (inline) {
    access = sourceExpr;
    features.add('inline');
  } else if (!arrowBody) {
    creation.push(`const ${access} = ${sourceExpr};`);
  }
  const aliases = inline || arrowBody ? [] : [...spec.aliases];
  if (needsOuter && blockScoped && !aliases.some((a) => a === 'outer' || a === 'nullish' || a === 'outerContainer')) aliases.push('outer');
  for (const alias of aliases) {
    features.add(`alias:${alias}`);
    switch (alias) {
      case 'const': {
        const name = fresh('alias');
        creation.push(`const ${name} = ${access};`);
        access = name;
        break;
      }
      case 'outer':
      case 'nullish': {
        const name = fresh('r');
        (atModule ? moduleLines : prelude).push(`let ${name}: ${type} | undefined;`);
        creation.push(alias === 'outer' ? `${name} = ${access};` : `${name} ??= ${access};`);
        outer = { name, access: `${name}!` };
        access = `${name}!`;
        break;
      }
      case 'container': {
        const name = fresh('box');
        creation.push(`const ${name} = { rows: ${access} };`);
        access = `${name}.rows`;
        break;
      }
      case 'destructure': {
        const box = fresh('box');
        const name = fresh('rows');
        creation.push(`const ${box} = { rows: ${access} };`, `const { rows: ${name} } = ${box};`);
        access = name;
        break;
      }
      case 'arrayDestructure': {
        const name = fresh('first');
        creation.push(`const [${name}] = [${access}];`);
        access = name;
        break;
      }
      case 'outerContainer': {
        const name = fresh('holder');
        (atModule ? moduleLines : prelude).push(`let ${name}: { rows: ${type} } | undefined;`);
        creation.push(`${name} = { rows: ${access} };`);
        outer = { name, access: `${name}!.rows` };
        access = `${name}!.rows`;
        break;
      }
    }
  }
  // Without a block, the last alias is in reach after the disposal point.
  if (!blockScoped) outer = { name: access, access };

  // ----- consumption forms ----------------------------------------------------------------
  const helpersUsed = new Set();
  /** A statement consuming `e`; `inAsync`: `await` may be used there; `isLast`: it may exhaust the iterator. */
  function consume(form, e, inAsync, isLast) {
    let f = form;
    // Only the last use may exhaust the iterator: an exhausted iterator is not pulled again.
    if (!isLast && !['loopBreak', 'destructure', 'next'].includes(f)) f = 'next';
    // A generator object closes on `break` and on destructuring: only `.next()` leaves it open.
    if (!isLast && info.generator) f = 'next';
    if ((f === 'toArray' || f === 'forEach') && !hasHelpers) f = 'loop';
    if (isAsync && !inAsync) return `void (async () => {\n${indent(consume(f, e, true, isLast))}\n})();`;
    features.add(`form:${f}`);
    const v = fresh('v');
    switch (f) {
      case 'loop':
        return isAsync || (inAsync && variant % 3 === 1) ? `for await (const ${v} of ${e}) sink(${v});` : `for (const ${v} of ${e}) sink(${v});`;
      case 'loopBreak':
        return `for ${isAsync ? 'await ' : ''}(const ${v} of ${e}) {\n  sink(${v});\n  break;\n}`;
      case 'loopBreakIf':
        return `for ${isAsync ? 'await ' : ''}(const ${v} of ${e}) {\n  sink(${v});\n  if (${newInput()}) break;\n}`;
      case 'spread':
        return isAsync ? `sink(await Array.fromAsync(${e}));` : `sink([...${e}]);`;
      case 'arrayFrom':
        return isAsync ? `sink(await Array.fromAsync(${e}));` : `sink(Array.from(${e}));`;
      case 'destructure':
        return isAsync ? `sink(await ${e}.next());` : `const [${v}] = ${e};\nsink(${v});`;
      case 'next':
        return isAsync ? `sink(await ${e}.next());` : `sink(${e}.next());`;
      case 'toArray':
        return isAsync ? `sink(await ${e}.toArray());` : `sink(${e}.toArray());`;
      case 'forEach':
        return isAsync ? `await ${e}.forEach((${v}) => sink(${v}));` : `${e}.forEach((${v}) => sink(${v}));`;
      case 'helper':
        if (isAsync || (inAsync && variant % 2 === 1)) {
          helpersUsed.add('drainA');
          return `sink(await drainA(${e}));`;
        }
        helpersUsed.add('drainS');
        return `sink(drainS(${e}));`;
      case 'newSet':
        if (isAsync) {
          helpersUsed.add('drainA');
          return `sink(await drainA(${e}));`;
        }
        return `sink(new Set(${e}));`;
    }
    throw new Error(`unknown form ${f}`);
  }

  function inContext(ctx, e, form, isLast) {
    const body = () => indent(consume(form, e, true, isLast));
    switch (ctx) {
      case 'direct':
        return consume(form, e, true, isLast);
      case 'block':
        return `{\n${body()}\n}`;
      case 'if':
        return `if (${newInput()}) {\n${body()}\n}`;
      case 'loopContinue': {
        const i = fresh('i');
        return `for (const ${i} of [0, 1]) {\n  if (${i} === 0) continue;\n${body()}\n}`;
      }
      case 'loopTwice': {
        const i = fresh('i');
        return `for (let ${i} = 0; ${i} < 2; ${i}++) {\n${body()}\n}`;
      }
      case 'iife':
        return isAsync || variant % 2 === 0
          ? `await (async () => {\n${body()}\n})();`
          : `(() => {\n${indent(consume(form, e, false, isLast))}\n})();`;
      case 'forEachCallback':
        if (isAsync) return `await Promise.all([0].map(async () => {\n${body()}\n}));`;
        return `[0].forEach(() => {\n${indent(consume(form, e, false, isLast))}\n});`;
      case 'promiseExecutor':
        if (isAsync) return inContext('awaitedThen', e, form, isLast);
        return `await new Promise<void>((resolve) => {\n${indent(consume(form, e, false, isLast))}\n  resolve();\n});`;
      case 'awaitedThen':
        return `await Promise.resolve().then(async () => {\n${body()}\n});`;
      case 'tryCatch':
        return `try {\n  if (${newInput()}) throw new Error('boom');\n${body()}\n} catch {\n  sink('caught');\n}`;
      case 'closureCall': {
        const name = fresh('consumeIt');
        return `const ${name} = async () => {\n${body()}\n};\nawait ${name}();`;
      }
      case 'labeled': {
        const label = fresh('scan');
        const k = fresh('k');
        return `${label}: for (const ${k} of [0, 1]) {\n  if (${k} === 1) break ${label};\n${body()}\n}`;
      }
      case 'switch':
        return `switch (${newInput()} ? 1 : 2) {\n  case 1: {\n${indent(consume(form, e, true, isLast), 2)}\n    break;\n  }\n  default:\n    sink(0);\n}`;
    }
    throw new Error(`unknown in-context ${ctx}`);
  }

  function afterContext(ctx, e, form, isLast) {
    switch (ctx) {
      case 'direct':
      case 'catch':
        return consume(form, e, true, isLast);
      case 'if':
      case 'block':
      case 'loopContinue':
      case 'iife':
      case 'forEachCallback':
        return inContext(ctx, e, form, isLast);
      case 'helperParam':
        helpersUsed.add(isAsync ? 'drainA' : 'drainS');
        return isAsync ? `sink(await drainA(${e}));` : `sink(drainS(${e}));`;
      case 'closureCall': {
        const name = fresh('useLater');
        prelude.push(`const ${name} = async () => {\n${indent(consume(form, e, true, isLast))}\n};`);
        return `await ${name}();`;
      }
      case 'functionDeclaration': {
        const name = fresh('useRows');
        prelude.push(`async function ${name}() {\n${indent(consume(form, e, true, isLast))}\n}`);
        return `await ${name}();`;
      }
      case 'timeout':
        return `setTimeout(() => {\n${indent(consume(form, e, false, isLast))}\n}, 0);`;
    }
    throw new Error(`unknown after-context ${ctx}`);
  }

  function laterContext(ctx, e, form, isLast) {
    const body = indent(consume(form, e, false, isLast));
    switch (ctx) {
      case 'setTimeout':
        return `setTimeout(() => {\n${body}\n}, 10);`;
      case 'queueMicrotask':
        return `queueMicrotask(() => {\n${body}\n});`;
      case 'then':
        return `void Promise.resolve().then(() => {\n${body}\n});`;
      case 'thenCatch':
        return `void Promise.resolve(0)\n  .then((n) => sink(n))\n  .finally(() => {\n${indent(body)}\n  });`;
      case 'setImmediate':
        return `setImmediate(() => {\n${body}\n});`;
      case 'setInterval': {
        const t = fresh('timer');
        return `const ${t} = setInterval(() => {\n  clearInterval(${t});\n${body}\n}, 5);`;
      }
    }
    throw new Error(`unknown later-context ${ctx}`);
  }

  // ----- placing the uses -----------------------------------------------------------------
  const bodyLines = []; // in the disposal scope, after the creation
  const scopeReturns = []; // conditional returns at the end of the scope
  let scopeFinalReturn; // an unconditional return ending the scope
  const afterLines = []; // after the disposal point
  const catchLines = []; // in the catch after a throw out of the frame
  const prevLines = []; // start of each round of a loop around the frame
  const finalReturns = []; // what main returns
  let exportsUsed = false;
  for (const use of uses) {
    const { place, ctx, form, isLast } = use;
    // In the scope: consumptions first, then what runs later, then un-awaited consumers.
    const rank = place === 'later' ? 1 : place === 'unawaited' && ctx !== 'bindAwaitedIn' ? 2 : 0;
    const push = (text) => bodyLines.push({ rank, text });
    features.add(`${place}:${ctx}`);
    const guardWrap = (text) => (use.guard ? `if (${newInput()}) {\n${indent(text)}\n}` : text);
    switch (place) {
      case 'in':
        push(guardWrap(inContext(ctx, access, form, isLast)));
        break;
      case 'prevIter':
        prevLines.push(`if (${outer.name}) {\n${indent(consume(form, outer.access, true, isLast))}\n}`);
        break;
      case 'after':
        if (ctx === 'catch') catchLines.push(consume(form, outer.access, true, isLast));
        else afterLines.push(guardWrap(afterContext(ctx, outer.access, form, isLast)));
        break;
      case 'later':
        push(guardWrap(laterContext(ctx, access, form, isLast)));
        break;
      case 'unawaited': {
        const drain = isAsync || variant % 2 === 0 ? 'drainA' : 'drainSlow';
        switch (ctx) {
          case 'void':
            helpersUsed.add(drain);
            push(guardWrap(`void ${drain}(${access});`));
            break;
          case 'floating':
            helpersUsed.add(drain);
            push(guardWrap(`${drain}(${access}).catch(() => undefined);`));
            break;
          case 'bindAwaitedAfter': {
            helpersUsed.add(drain);
            const name = fresh('pending');
            (atModule ? moduleLines : prelude).push(`let ${name}: Promise<number> | undefined;`);
            push(`${name} = ${drain}(${access});`);
            afterLines.push(`sink(await ${name});`);
            // At module level the await is in `main`, which runs after the module body.
            break;
          }
          case 'bindAwaitedIn': {
            const consumer = isLast ? drain : 'firstA';
            helpersUsed.add(consumer);
            const name = fresh('pending');
            push(`const ${name} = ${consumer}(${access});\nsink(0);\nsink(await ${name});`);
            break;
          }
          case 'voidIife': {
            const v = fresh('v');
            push(guardWrap(`void (async () => {\n  for await (const ${v} of ${access}) sink(${v});\n})();`));
            break;
          }
          case 'returnNoAwait':
            if (isLast) scopeFinalReturn = `${access}.toArray()`;
            else scopeReturns.push(`if (${newInput()}) return ${access}.toArray();`);
            break;
          case 'fromAsync':
            push(guardWrap(`void Array.fromAsync(${access});`));
            break;
          case 'toArrayFloating':
            if (isAsync) {
              push(guardWrap(`void ${access}.toArray();`));
            } else {
              helpersUsed.add(drain);
              push(guardWrap(`void ${drain}(${access});`));
            }
            break;
        }
        break;
      }
      case 'escape':
        switch (ctx) {
          case 'return':
            scopeFinalReturn = access;
            break;
          case 'returnIf':
            scopeReturns.push(`if (${newInput()}) return ${access};`);
            break;
          case 'returnContainer':
            scopeFinalReturn = `{ rows: ${access} }`;
            break;
          case 'storeHolder': {
            const name = fresh('holder');
            prelude.push(`const ${name}: { rows?: ${type} } = {};`);
            push(`${name}.rows = ${access};`);
            finalReturns.push(name);
            break;
          }
          case 'exportLet': {
            const name = fresh('saved');
            moduleLines.push(`export let ${name}: ${type} | undefined;`);
            push(`${name} = ${access};`);
            exportsUsed = true;
            break;
          }
          case 'exportConst': {
            const name = fresh('exported');
            push(`export const ${name} = ${access};`);
            exportsUsed = true;
            break;
          }
          case 'returnAfter':
            finalReturns.push(outer.access);
            break;
          case 'arrowBody':
            break;
        }
        break;
    }
  }
  // An unconditional return would make later code unreachable: guard it when code follows.
  const codeFollows = afterLines.length > 0 || catchLines.length > 0 || prevLines.length > 0 || finalReturns.length > 0;
  // With an explicit close (or a throw guard after the body), a return ending the scope would make that code dead.
  if (scopeFinalReturn !== undefined && (codeFollows || kind === 'explicitClose' || kind === 'errorPathOnly') && kind !== 'factory') {
    scopeReturns.push(`if (${newInput()}) return ${scopeFinalReturn};`);
    scopeFinalReturn = undefined;
  }

  // Handing the iterator out (returning, storing, exporting it) after a close that runs on some paths only.
  const handedOut = uses.some((u) => u.place === 'escape');
  if (handedOut && kind === 'errorPathOnly') limits.add('errorPathDispose');
  const returnedAfter = uses.some(
    (u) => u.place === 'escape' && (u.ctx === 'returnAfter' || u.ctx === 'storeHolder' || u.ctx === 'exportLet'),
  );
  if (returnedAfter && kind === 'explicitClose' && (spec.closeGuard || throwOut)) limits.add('closeOnSomePathsHandedOut');
  if (!atModule && uses.some((u) => u.place === 'escape' && u.ctx === 'exportLet') && uses.some(inScopeOnly)) limits.add('outerBindingConsumedInScope');
  // A generator holding the pool that starts an un-awaited consumer or a callback, then yields.
  if (kind === 'generatorFunction' && uses.some((u) => u.place === 'later' || u.place === 'unawaited')) {
    limits.add('generatorSuspended');
  }

  // ----- the frame ---------------------------------------------------------------------------
  if (earlyExit) bodyLines.unshift({ rank: -1, text: `if (${newInput()}) return 0;` });
  if (throwOut) bodyLines.push({ rank: 9, text: `if (${newInput()}) throw new Error('out');` });
  // More async work at the end of the scope: callbacks queued in it may run before the disposal.
  const awaitAtEnd = spec.awaitAtEnd;
  if (awaitAtEnd) {
    features.add('awaitAtEnd');
    bodyLines.push({ rank: 8, text: 'await Promise.resolve();' });
  }
  bodyLines.sort((x, y) => x.rank - y.rank);
  const scopeBody = [...setup, ...creation, ...bodyLines.map((line) => line.text), ...scopeReturns];
  if (scopeFinalReturn !== undefined) scopeBody.push(`return ${scopeFinalReturn};`);
  const disposeCall = (m) =>
    [`await ${P}.close();`, `await ${P}.end();`, `await ${P}[Symbol.asyncDispose]();`, `${P}[Symbol.dispose]();`][m];
  const frame = [];
  switch (kind) {
    case 'awaitUsing':
    case 'using':
      frame.push('{', `  ${kind === 'using' ? 'using' : 'await using'} ${P} = new Pool('${P}');`, ...scopeBody.map((l) => indent(l)), '}');
      break;
    case 'tryFinally': {
      const guarded = variant % 4 === 3;
      frame.push(`const ${P} = new Pool('${P}');`, 'try {', ...scopeBody.map((l) => indent(l)), '} finally {');
      if (guarded) {
        limits.add('guardedFinallyDispose');
        frame.push(`  if (${newInput()}) ${disposeCall(variant % 3)}`);
      } else {
        frame.push(`  ${disposeCall(variant % 4)}`);
      }
      frame.push('}');
      features.add(guarded ? 'finally:guarded' : `finally:${String(variant % 4)}`);
      break;
    }
    case 'errorPathOnly':
      frame.push(
        `const ${P} = new Pool('${P}');`,
        'try {',
        ...scopeBody.map((l) => indent(l)),
        `  if (${newInput()}) throw new Error('fail');`,
        '} catch {',
        `  ${disposeCall(variant % 2)}`,
        '}',
      );
      break;
    case 'explicitClose': {
      frame.push(`const ${P} = new Pool('${P}');`, ...scopeBody);
      const call = disposeCall(variant % 3);
      frame.push(spec.closeGuard ? `if (${newInput()}) ${call}` : call);
      features.add(spec.closeGuard ? 'close:guarded' : 'close:straight');
      break;
    }
    case 'stack': {
      const asyncStack = isAsync || variant % 2 === 0;
      const how = variant % 3;
      const stackDecl = asyncStack ? 'await using stack = new AsyncDisposableStack();' : 'using stack = new DisposableStack();';
      const adopt = [
        [`const ${P} = stack.use(new Pool('${P}'));`],
        [`const ${P} = new Pool('${P}');`, `stack.defer(() => ${asyncStack ? `${P}.close()` : `${P}[Symbol.dispose]()`});`],
        [`const ${P} = stack.adopt(new Pool('${P}'), (p) => ${asyncStack ? 'p.end()' : 'p[Symbol.dispose]()'});`],
      ][how];
      features.add(`stack:${['use', 'defer', 'adopt'][how]}${asyncStack ? '' : ':sync'}`);
      frame.push('{', `  ${stackDecl}`, ...adopt.map((l) => `  ${l}`), ...scopeBody.map((l) => indent(l)), '}');
      break;
    }
    case 'factory': {
      const result = fresh('result');
      // Declared before the frame: wrappers (loops, try, blocks) must not hide it from the final return.
      prelude.push(`let ${result}: unknown;`);
      if (arrowBody) {
        frame.push(`${result} = await withPool('${P}', (${P}) => ${sourceExpr});`);
      } else {
        const asyncCallback = variant % 5 !== 4 || scopeBody.some((l) => /\bawait\b/.test(l));
        frame.push(`${result} = await withPool('${P}', ${asyncCallback ? 'async ' : ''}(${P}) => {`, ...scopeBody.map((l) => indent(l)), '});');
        if (!asyncCallback) features.add('factory:syncCallback');
      }
      if (arrowBody || scopeFinalReturn !== undefined || scopeReturns.length > 0) finalReturns.push(result);
      break;
    }
    case 'forUsing': {
      const asyncLoop = isAsync || variant % 2 === 0;
      frame.push(`for (${asyncLoop ? 'await using' : 'using'} ${P} of Pool.many(2, '${P}')) {`, ...prevLines.map((l) => indent(l)), ...scopeBody.map((l) => indent(l)), '}');
      prevLines.length = 0;
      break;
    }
    case 'moduleUsing':
      break;
    case 'generatorFunction': {
      // Hand the items out: all of them, unless a later use must still find some.
      const final = someLater
        ? [`const step = await ${access}.next();`, 'if (!step.done) yield step.value;']
        : [`yield* ${access};`];
      frame.push('async function* produce() {', `  await using ${P} = new Pool('${P}');`, ...[...scopeBody, ...final].map((l) => indent(l)), '}');
      break;
    }
  }

  let wrapped = frame;
  if (loopAround) {
    features.add('loopAround');
    const round = fresh('round');
    wrapped = [`for (const ${round} of [0, 1]) {`, ...prevLines.map((l) => indent(l)), ...frame.map((l) => indent(l)), `  if (${round} === 0 && ${newInput()}) break;`, '}'];
  }
  if (throwOut) {
    features.add('throwOut');
    wrapped = ['try {', ...wrapped.map((l) => indent(l)), '} catch {', ...(catchLines.length > 0 ? catchLines.map((l) => indent(l)) : ["  sink('out');"]), '}'];
  }
  if (nested) {
    features.add('nested');
    wrapped = ['{', ...wrapped.map((l) => indent(l)), '}'];
  }
  if (earlyExit) features.add('earlyExit');
  const returned = [...new Set(finalReturns)];
  const mainReturn = returned.length === 0 ? 'return 0;' : returned.length === 1 ? `return ${returned[0]};` : `return [${returned.join(', ')}];`;

  // ----- assembling ----------------------------------------------------------------------------
  const out = [];
  out.push("import { Pool, withPool, pMapIterable, sink, input, type LazyAsync, type LazySync, type Cursor } from 'pool-runtime';");
  // Helpers on one line each: programs stay short.
  if (helpersUsed.has('drainA')) out.push('async function drainA(it: AsyncIterable<number> | Iterable<number>): Promise<number> { let s = 0; for await (const v of it) s += v; return s; }');
  if (helpersUsed.has('drainSlow')) out.push('async function drainSlow(it: Iterable<number>): Promise<number> { let s = 0; for (const v of it) s += await Promise.resolve(v); return s; }');
  if (helpersUsed.has('firstA')) out.push('async function firstA(it: AsyncIterator<number> | Iterator<number>): Promise<number> { const step = await it.next(); return step.done ? 0 : step.value; }');
  if (helpersUsed.has('drainS')) out.push('function drainS(it: Iterable<number>): number { let s = 0; for (const v of it) s += v; return s; }');
  out.push(...moduleLines);
  if (inGenerator) {
    out.push(...prelude, ...frame);
    out.push('export async function main(): Promise<unknown> {', '  for await (const v of produce()) sink(v);', `  ${mainReturn}`, '}');
  } else if (atModule) {
    out.push(`await using ${P} = new Pool('${P}');`, ...scopeBody);
    out.push('export async function main(): Promise<unknown> {', ...[...prelude, ...afterLines, mainReturn].map((l) => indent(l)), '}');
  } else {
    out.push('export async function main(): Promise<unknown> {', ...[...prelude, ...wrapped, ...afterLines, mainReturn].map((l) => indent(l)), '}');
  }
  if (exportsUsed) features.add('exports');
  return { code: `${out.join('\n')}\n`, inputs, features: [...features].sort(), limits: [...limits].sort(), spec };
}

function pick(list, n) {
  return list[n % list.length];
}


/** A fixed, reproducible sample of `count` programs. */
export function samplePrograms(count, seed) {
  return fc.sample(programArbitrary, { numRuns: count, seed }).map((program, index) => ({ id: `s${String(seed)}-${String(index)}`, ...program }));
}
