/**
 * Runs a suggestion's output, to check that the fix it made works on the Node
 * the tests run on (Node 20), not only that it parses and type-checks.
 *
 * The output is transpiled with TypeScript's `transpileModule` (CommonJS,
 * ES2022: `using` is lowered) and run in a fresh `vm` context where every
 * name the snippet does not declare, every import and every call result is a
 * fake that stands for any driver: callable, constructible, disposable,
 * iterable and async iterable (two items each), with a `toArray()` that
 * resolves to its items, and that calls the callbacks it is given (as
 * `withPool(fn)` or `pool.use(fn)` do). The fix's own call (`Array.from(…)`,
 * `Array.fromAsync(…)`, `… .toArray()`, found where the output differs from
 * the code) is wrapped in a probe; the snippet's top-level code runs, then
 * every function and class method it declares at the top level, with fakes
 * for arguments. The check passes when the probe saw the fix's call give an
 * array.
 *
 * Node 20 has no `Array.fromAsync`. A fix that calls it is offered only in a
 * project that runs on Node 22 or later (node-runtime.ts); there it runs with
 * `Array.fromAsync` defined as Node 22 defines it (`withFromAsync`), and the
 * caller checks that the case's project says Node 22.
 */
import vm from 'node:vm';
import ts from 'typescript';

export interface FixRun {
  /** The fix's call, as the output writes it. */
  call: string;
  /** Whether the call reached the probe and its value (awaited) is an array. */
  gaveArray: boolean;
  /** The value's length, when it is an array. */
  length: number | undefined;
  /** Errors thrown by the snippet's code (fakes make some code fail after the fix ran; listed for a failing check). */
  errors: string[];
}

/** Where `output` differs from `code`: the changed range of `output`. */
function changedRange(code: string, output: string): [number, number] {
  let start = 0;
  while (start < code.length && start < output.length && code[start] === output[start]) start += 1;
  let end = 0;
  while (end < code.length - start && end < output.length - start && code[code.length - 1 - end] === output[output.length - 1 - end]) {
    end += 1;
  }
  return [start, output.length - end];
}

/** `Array.from(…)`, `Array.fromAsync(…)` or `x.toArray()`. */
function isFixCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const { expression: object, name } = node.expression;
  if (name.text === 'toArray') return true;
  return ts.isIdentifier(object) && object.text === 'Array' && (name.text === 'from' || name.text === 'fromAsync');
}

/** The fix's call: of the fix calls that meet the changed range, the one it covers most of. */
function fixCall(source: ts.SourceFile, [from, to]: [number, number]): ts.CallExpression | undefined {
  let best: { node: ts.CallExpression; overlap: number } | undefined;
  const visit = (node: ts.Node): void => {
    if (isFixCall(node)) {
      const overlap = Math.min(to, node.end) - Math.max(from, node.getStart(source));
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { node, overlap };
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return best?.node;
}

/** The names of the functions and classes the snippet declares at its top level (and the functions its top-level consts hold). */
function topLevelNames(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          names.push(declaration.name.text);
        }
      }
    }
  }
  return names;
}

/**
 * How many fakes one run may make: a loop that waits for a fake to say "done"
 * (`while (await cursor.hasNext())`) would spin for ever in microtasks, where
 * no timer can stop it; past the budget every fake's property read throws.
 */
const FAKE_BUDGET = 20_000;
const budget = { left: FAKE_BUDGET };

/** The fakes, which are functions but no callbacks of the snippet's. */
const fakes = new WeakSet<object>();

/**
 * `using` directly in a `case` clause is one thing TypeScript does not lower
 * (the spec allows it, Node 20 cannot parse it): the clause's statements are
 * put in a block, which disposes at the same point for a clause that ends in
 * `break` or `return`.
 */
function blockCaseClauses(text: string, kind: ts.ScriptKind): string {
  const source = ts.createSourceFile('fix.tsx', text, ts.ScriptTarget.Latest, true, kind);
  const edits: { at: number; insert: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCaseOrDefaultClause(node)) {
      const { statements } = node;
      const first = statements[0];
      const last = statements[statements.length - 1];
      if (first && last && statements.some((statement) => /^(?:await\s+)?using\s/.test(statement.getText(source)))) {
        edits.push({ at: first.getStart(source), insert: '{ ' }, { at: last.end, insert: ' }' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const { at, insert } of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + insert + out.slice(at);
  return out;
}

/** The string values the snippet's `case` clauses test: arguments that take a `switch` into its cases. */
function caseValues(source: ts.SourceFile): string[] {
  const values = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCaseClause(node) && ts.isStringLiteral(node.expression)) values.add(node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...values];
}

/** A fake that stands for any value a driver gives: see the header. */
function makeFake(): unknown {
  budget.left -= 1;
  if (budget.left < 0) throw new Error('the fakes ran out: a loop that never ends on fakes');
  const items = (): unknown[] => [makeFake(), makeFake()];
  const own: Record<PropertyKey, unknown> = {
    then: undefined,
    toArray: (callback?: unknown) => (typeof callback === 'function' ? undefined : Promise.resolve(items())),
    [Symbol.iterator]: function* () {
      yield* items();
    },
    [Symbol.asyncIterator]: async function* () {
      await Promise.resolve();
      yield* items();
    },
    [Symbol.dispose]: () => undefined,
    [Symbol.asyncDispose]: () => Promise.resolve(),
    [Symbol.toPrimitive]: (hint: string) => (hint === 'number' ? 1 : 'fake'),
    toString: () => 'fake',
    toJSON: () => 'fake',
  };
  const target = function fake(): void {
    // The target only makes the proxy callable and constructible.
  };
  const callbacks = (args: unknown[]): unknown => {
    let result: unknown = makeFake();
    for (const arg of args) {
      if (typeof arg !== 'function' || fakes.has(arg)) continue;
      try {
        result = (arg as (...a: unknown[]) => unknown)(makeFake(), makeFake());
      } catch {
        // A callback that fails on a fake is not the check's concern.
      }
    }
    return result;
  };
  const fake = new Proxy(target, {
    get(fn, key) {
      if (key === 'prototype') return fn.prototype as unknown;
      if (key in own) return own[key];
      return makeFake();
    },
    set: () => true,
    apply: (_fn, _this, args) => callbacks(args),
    construct: (_fn, args) => {
      callbacks(args);
      return makeFake() as object;
    },
  });
  fakes.add(fake);
  return fake;
}

/** Node 22's `Array.fromAsync`, for a context that stands for Node 22. */
const FROM_ASYNC = `Object.defineProperty(Array, 'fromAsync', {
  configurable: true,
  writable: true,
  value: async function fromAsync(items, map, thisArg) {
    const out = [];
    if (items != null && typeof items[Symbol.asyncIterator] === 'function') {
      for await (const item of items) out.push(map ? await map.call(thisArg, item, out.length) : item);
    } else {
      for (const item of Array.from(items)) out.push(map ? await map.call(thisArg, await item, out.length) : await item);
    }
    return out;
  },
});`;

/** Runs `output` (the suggestion applied to `code`) as described in the header; `withFromAsync` defines `Array.fromAsync`. */
export async function runFix(code: string, output: string, options: { jsx: boolean; withFromAsync: boolean }): Promise<FixRun> {
  const kind = options.jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile('fix.tsx', output, ts.ScriptTarget.Latest, true, kind);
  const call = fixCall(source, changedRange(code, output));
  if (!call) return { call: '', gaveArray: false, length: undefined, errors: ['no Array.from, Array.fromAsync or toArray call where the output changed'] };
  const start = call.getStart(source);
  const probed = `${output.slice(0, start)}__fixRan(${output.slice(start, call.end)})${output.slice(call.end)}`;
  const names = topLevelNames(source);
  const js = ts
    .transpileModule(blockCaseClauses(probed, kind).replace(/\bimport\.meta\b/g, '__importMeta'), {
      fileName: options.jsx ? 'fix.tsx' : 'fix.ts',
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.React, esModuleInterop: true },
    })
    .outputText.replace(/^"use strict";\n/, '');

  budget.left = FAKE_BUDGET;
  const seen: { value?: unknown; settled: boolean } = { settled: false };
  // Read through a call: the probe sets it while the awaits below run.
  const ran = (): boolean => seen.settled;
  const errors: string[] = [];
  const exportsObject: Record<string, unknown> = {};
  const sandbox: Record<string, unknown> = {
    exports: exportsObject,
    module: { exports: exportsObject },
    require: () => makeFake(),
    __importMeta: { url: 'file:///fix.ts', dirname: '/', filename: '/fix.ts' },
    __fixRan: (value: unknown) => {
      Promise.resolve(value).then(
        (resolved) => {
          seen.value = resolved;
          seen.settled = true;
        },
        (error: unknown) => errors.push(`the fix's call rejected: ${String(error)}`),
      );
      return value;
    },
    __main: undefined,
  };
  const context = vm.createContext(sandbox);
  // Names the snippet uses but does not declare are fakes; the context's own globals and the sandbox's stay what they are.
  const builtins = new Set(vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[]);
  sandbox.__scope = new Proxy(
    {},
    {
      has: (_target, key) => typeof key === 'string' && !builtins.has(key) && !(key in sandbox),
      get: (_target, key) => (key === Symbol.unscopables ? undefined : makeFake()),
    },
  );
  // The context shares the process's dispose symbols, so that the fakes are disposable in it.
  sandbox.__symbols = { dispose: Symbol.dispose, asyncDispose: Symbol.asyncDispose };
  vm.runInContext(
    `for (const name of ['dispose', 'asyncDispose']) {
       if (Symbol[name] !== __symbols[name]) Object.defineProperty(Symbol, name, { value: __symbols[name], configurable: true });
     }`,
    context,
  );
  if (options.withFromAsync) vm.runInContext(FROM_ASYNC, context);

  const collect = `{ ${names.map((name) => `${name}: typeof ${name} === 'undefined' ? undefined : ${name}`).join(', ')} }`;
  const program = `with (__scope) { __main = (async () => {\n${js}\n;return ${collect};\n})(); }`;
  const settle = async (value: unknown): Promise<unknown> => {
    const timeout = new Promise((resolve) => setTimeout(resolve, 200));
    try {
      const result = await Promise.race([value, timeout]);
      // A generator's body runs when it is read.
      if (result && typeof result === 'object' && typeof (result as AsyncIterator<unknown>).next === 'function') {
        for (let step = 0; step < 10; step += 1) {
          const next = (await Promise.race([(result as AsyncIterator<unknown>).next(), timeout])) as IteratorResult<unknown> | undefined;
          if (!next || next.done) break;
        }
      }
      return result;
    } catch (error) {
      errors.push(String(error));
      return undefined;
    }
  };
  try {
    vm.runInContext(program, context, { filename: 'fix.js' });
  } catch (error) {
    errors.push(`the module did not run: ${String(error)}`);
  }
  const declared = ((await settle(sandbox.__main)) ?? {}) as Record<string, unknown>;
  const entries = [...Object.values(declared), ...Object.values(exportsObject)].filter(
    (value, index, all): value is (...args: unknown[]) => unknown => typeof value === 'function' && all.indexOf(value) === index,
  );
  // Fakes for arguments, then each string a `case` tests, so that a `switch` on an argument reaches its cases.
  const argumentSets = [undefined, ...caseValues(source)];
  for (const [entry, value] of entries.flatMap((fn) => argumentSets.map((v) => [fn, v] as const))) {
    if (ran()) break;
    budget.left = FAKE_BUDGET;
    const args = [0, 1, 2, 3].map(() => value ?? makeFake());
    if (/^class\b/.test(Function.prototype.toString.call(entry))) {
      let instance: Record<string, unknown> | undefined;
      try {
        instance = Reflect.construct(entry, args) as Record<string, unknown>;
      } catch (error) {
        errors.push(String(error));
      }
      // Its methods, and the functions its fields hold (`rows = (file) => …`).
      const keys = new Set([...Object.getOwnPropertyNames(entry.prototype as object), ...Object.keys(instance ?? {})]);
      for (const key of keys) {
        const method = instance?.[key];
        if (key === 'constructor' || typeof method !== 'function') continue;
        try {
          await settle((method as (...a: unknown[]) => unknown).apply(instance, args));
        } catch (error) {
          errors.push(String(error));
        }
        if (ran()) break;
      }
      continue;
    }
    try {
      await settle(entry(...args));
    } catch (error) {
      errors.push(String(error));
    }
  }
  // Let a fix's promise that is not awaited by the snippet settle.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const gaveArray = seen.settled && Array.isArray(seen.value);
  return {
    call: output.slice(start, call.end),
    gaveArray,
    length: gaveArray ? (seen.value as unknown[]).length : undefined,
    errors,
  };
}
