// Random programs in odd shapes, for robustness: `using` and `await using`
// anywhere a declaration may go, try/finally with every spelling of a dispose
// call, lazy calls and consumptions in odd places (labels, switch, generators,
// classes with getters, static blocks and computed keys, optional chains,
// destructuring defaults, closures, timers, listeners), names reused across
// scopes so aliases and shadowing happen. Syntactically valid TypeScript
// (checked by parsing), not meant to type-check or run: the rule must simply
// never throw on them.
import fc from 'fast-check';

const NAMES = ['pool', 'p', 'stack', 'it', 'rows', 'db', 'client', 'r', 'x'];
const name = fc.constantFrom(...NAMES);
const key = fc.constantFrom('rows', 'cursor', '[Symbol.dispose]', '[Symbol.asyncDispose]', "['it']", '[k]', '#priv');
const lazyMethod = fc.constantFrom(
  'imap(f, xs)',
  'imapUnordered(f, xs)',
  'iterate()',
  'find()',
  'find({ a: 1 })',
  'aggregate([])',
  'stream()',
  'cursor()',
  'scanIterator()',
  'readLines()',
  'createReadStream()',
  'keys()',
  'values()',
  'watch()',
  'query(new QueryStream(sql))',
  'query(new Cursor(sql))',
  'run(1)',
  'map(f)',
  'close()',
  'end()',
  '[Symbol.asyncDispose]()',
  '[Symbol.dispose]()',
  'release()',
);
const disposeCall = fc.tuple(name, fc.constantFrom('close()', 'end()', 'destroy()', 'release()', 'disconnect()', '[Symbol.dispose]()', '[Symbol.asyncDispose]()', 'close?.()', 'quit(1)'), fc.constantFrom('', 'await ', 'void ')).map(
  ([target, method, prefix]) => `${prefix}${target}${method.startsWith('[') ? '' : '.'}${method};`,
);

export const fuzzArbitraries = fc.letrec((tie) => {
  const expr = tie('expr');
  const stmt = tie('stmt');
  const stmts = tie('stmts');
  const genStmts = tie('genStmts');
  const block = stmts.map((body) => `{\n${body}\n}`);
  const depth = { depthIdentifier: 'fuzz', maxDepth: 5, depthSize: 'small' };
  return {
    expr: fc.oneof(
      depth,
      name,
      fc.constantFrom('1', "'s'", 'null', 'undefined', 'xs', 'f', 'this', 'new Pool()', 'new Pool(8)', 'await open()', 'Symbol.dispose'),
      fc.tuple(name, lazyMethod).map(([target, method]) => `${target}${method.startsWith('[') ? '' : '.'}${method}`),
      fc.tuple(name, lazyMethod).map(([target, method]) => `${target}?.db?.('app').collection('c')${method.startsWith('[') ? '' : '.'}${method}`),
      fc.tuple(name, lazyMethod).map(([target, method]) => `${target}!('events')${method.startsWith('[') ? '' : '.'}${method}`),
      expr.map((e) => `${e}.map((v) => v).filter(Boolean)`),
      expr.map((e) => `(${e})?.next?.()`),
      expr.map((e) => `await ${e}`),
      expr.map((e) => `[...${e}]`),
      expr.map((e) => `{ ...${e} }`),
      fc.tuple(key, expr, expr).map(([k, a, b]) => (k === '#priv' ? `{ rows: ${a}, other: ${b} }` : `{ ${k}: ${a}, get g() { return ${b}; } }`)),
      fc.tuple(expr, expr).map(([a, b]) => `[${a}, , ${b}]`),
      fc.tuple(expr, expr).map(([a, b]) => `${a} ?? ${b}`),
      fc.tuple(expr, expr, expr).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
      fc.tuple(expr, expr).map(([a, b]) => `(${a}, ${b})`),
      expr.map((e) => `(${e} as any)`),
      expr.map((e) => `(${e} satisfies unknown)`),
      expr.map((e) => `<any>${e}`),
      fc.tuple(fc.constantFrom('Array.from', 'Array.fromAsync', 'Promise.all', 'Promise.race', 'pipeline', 'Readable.from', 'pMapIterable', 'drain', 'new Set', 'new Map', 'stream.compose'), expr).map(([f, e]) => `${f}(${e})`),
      fc.tuple(name, expr).map(([n, e]) => `pMapIterable(xs, (v) => ${n}.run(v, ${e}))`),
      expr.map((e) => `(async () => (${e}))()`),
      stmts.map((body) => `(async () => {\n${body}\n})()`),
      stmts.map((body) => `async function* () {\n${body}\n}`),
      genStmts.map((body) => `(async function* gen() {\n${body}\n})()`),
      fc.tuple(name, expr).map(([n, e]) => `(${n} = ${e})`),
      fc.tuple(name, expr).map(([n, e]) => `(${n} ??= ${e})`),
      fc.tuple(name, expr).map(([n, e]) => `(${n}.cursor = ${e})`),
      fc.tuple(name, expr).map(([n, e]) => `([${n}, ...rest] = ${e})`),
      fc.tuple(name, expr).map(([n, e]) => `({ rows: ${n} = ${e} } = {})`),
      fc.tuple(expr, stmts).map(([e, body]) => `${e}.then(async (v) => {\n${body}\n}).catch(() => {}).finally(() => (${e}))`),
      fc.tuple(expr, stmts).map(([e, body]) => `${e}.on('data', (chunk) => {\n${body}\n})`),
      fc.tuple(expr, expr).map(([a, b]) => `${a}.pipe(${b})`),
      fc.tuple(key, expr, stmts).map(
        ([k, e, body]) =>
          `new (class extends Base {\n  ${k === '[k]' ? '[k]' : 'field'} = ${e};\n  get rows() { return this.pool.imap(f, xs); }\n  static {\n${body}\n  }\n  async *${k === '#priv' ? '#gen' : k}() {\n    yield* this.rows;\n  }\n})()`,
      ),
      expr.map((e) => `tag\`a\${${e}}b\``),
      expr.map((e) => `typeof ${e}`),
      fc.tuple(name, expr).map(([n, e]) => `${n}?.[${e}]?.()`),
    ),
    stmt: fc.oneof(
      depth,
      // Parenthesised: an expression statement must not start with `{`, `function` or `class`.
      expr.map((e) => `(${e});`),
      fc.tuple(name, expr).map(([n, e]) => `const ${n} = ${e};`),
      fc.tuple(name, expr).map(([n, e]) => `let ${n} = ${e};`),
      fc.tuple(name, expr).map(([n, e]) => `var ${n} = ${e};`),
      fc.tuple(name, expr).map(([n, e]) => `using ${n} = ${e};`),
      fc.tuple(name, expr).map(([n, e]) => `await using ${n} = ${e};`),
      fc.tuple(name, name, expr).map(([a, b, e]) => `const { ${a} = ${e}, ...${b}Rest } = ${e};`),
      fc.tuple(name, expr).map(([n, e]) => `const [${n} = ${e}, ...more] = ${e};`),
      disposeCall,
      block,
      fc.tuple(expr, stmt, stmt).map(([c, a, b]) => `if (${c}) ${a} else ${b}`),
      fc.tuple(name, expr, stmts).map(([n, e, body]) => `for (const ${n} of ${e}) {\n${body}\n  if (${n}) break;\n}`),
      fc.tuple(name, expr, stmts).map(([n, e, body]) => `for await (const ${n} of ${e}) {\n${body}\n  continue;\n}`),
      fc.tuple(name, expr, stmts).map(([n, e, body]) => `for (using ${n} of ${e}) {\n${body}\n}`),
      fc.tuple(name, expr, stmts).map(([n, e, body]) => `for (await using ${n} of ${e}) {\n${body}\n}`),
      fc.tuple(name, expr, stmts).map(([n, e, body]) => `for (using ${n} = ${e}; ; ) {\n${body}\n  break;\n}`),
      fc.tuple(name, expr, stmts).map(([n, e, body]) => `for (const ${n} in ${e}) {\n${body}\n}`),
      fc.tuple(expr, stmts).map(([e, body]) => `while (${e}) {\n${body}\n  break;\n}`),
      fc.tuple(stmts, expr).map(([body, e]) => `do {\n${body}\n} while (${e});`),
      fc.tuple(fc.constantFrom('outer', 'L1'), stmts, expr).map(([label, body, e]) => `${label}: for (;;) {\n${body}\n  if (${e}) continue ${label};\n  break ${label};\n}`),
      fc.tuple(fc.constantFrom('blk'), stmts, expr).map(([label, body, e]) => `${label}: {\n${body}\n  if (${e}) break ${label};\n}`),
      fc.tuple(expr, stmts, stmts).map(([e, a, b]) => `switch (${e}) {\n  case 1:\n${a}\n  case 2: {\n${b}\n    break;\n  }\n  default:\n    break;\n}`),
      fc.tuple(stmts, stmts, stmts).map(([a, b, c]) => `try {\n${a}\n} catch ({ message = 'm' }) {\n${b}\n} finally {\n${c}\n}`),
      fc.tuple(stmts, disposeCall, fc.boolean()).map(([a, d, guarded]) => `try {\n${a}\n} finally {\n  ${guarded ? `if (failed) ${d}` : d}\n}`),
      fc.tuple(stmts, disposeCall).map(([a, d]) => `try {\n${a}\n} catch (error) {\n  ${d}\n  throw error;\n}`),
      expr.map((e) => `return ${e};`),
      expr.map((e) => `throw ${e};`),
      fc.tuple(name, stmts).map(([n, body]) => `async function ${n}Fn(a = ${n}, { b } = { b: 1 }) {\n${body}\n}`),
      fc.tuple(name, genStmts).map(([n, body]) => `async function* ${n}Gen() {\n${body}\n}`),
      fc.tuple(name, stmts, expr).map(([n, body, e]) => `class ${n.toUpperCase()}Holder {\n  #pool = ${e};\n  static {\n    let inner = 1;\n  }\n  get rows() {\n    return this.#pool.iterate();\n  }\n  async run() {\n${body}\n  }\n  [Symbol.dispose]() {\n    this.#pool.close();\n  }\n}`),
      stmts.map((body) => `setTimeout(async () => {\n${body}\n}, 0);`),
      stmts.map((body) => `queueMicrotask(async () => {\n${body}\n});`),
      fc.tuple(name, stmts).map(([n, body]) => `await withPool(8, async (${n}) => {\n${body}\n});`),
      fc.tuple(name, stmts).map(([n, body]) => `{\n  await using stack = new AsyncDisposableStack();\n  const ${n} = stack.use(new Pool());\n  stack.defer(() => ${n}.close());\n  stack.adopt(${n}, (v) => v.end());\n${body}\n}`),
      fc.tuple(name, expr).map(([n, e]) => `export const ${n}Out = ${e};`),
    ),
    stmts: fc.array(stmt, { maxLength: 4 }).map((list) => list.map((line) => indent(line)).join('\n')),
    genStmts: fc
      .array(fc.oneof(stmt, expr.map((e) => `yield* ${e};`), expr.map((e) => `yield ${e};`)), { maxLength: 4 })
      .map((list) => list.map((line) => indent(line)).join('\n')),
  };
});

function indent(text) {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** A program: top-level statements (exports hoisted to the top level), then a `main` holding more. */
export const fuzzProgramArbitrary = fc
  .tuple(fuzzArbitraries.stmts, fuzzArbitraries.stmts)
  .map(([top, inMain]) => {
    // `export` is only allowed at the top level, `return` only in functions.
    const topLevel = top
      .split('\n')
      .map((line) => line.replace(/^ {2}/, '').replace(/^(\s*)return\b/, '$1void'))
      .join('\n');
    const body = inMain.replace(/\bexport const /g, 'const ');
    return `${topLevel.replace(/(\n|^)\s+export const /g, '$1const ')}\nexport async function main() {\n${body}\n}\n`;
  });

/** A fixed sample of fuzz programs. */
export function sampleFuzzPrograms(count, seed) {
  return fc.sample(fuzzProgramArbitrary, { numRuns: count, seed });
}
