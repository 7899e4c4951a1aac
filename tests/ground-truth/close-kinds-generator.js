// Generates programs on pools whose close is graceful, strict or abrupt (the
// contract's third edition, rules 11–14), against runtime-closes.js: a value
// (a stream or an iterator started when made, or a response read through the
// pool given as a `dispatcher`) read in the scope, read on one path only, left
// unread, read partly, read after the close, being read (a `'data'` listener,
// maybe paused for good, maybe waited for), closed first, handed to a reader,
// or returned from a `try` whose `finally` closes the pool; the close awaited
// or not. Programs have the same shape as generator.js's:
// `{ code, inputs, features, limits, spec }`.
import fc from 'fast-check';

export const CLOSE_KINDS = ['graceful', 'strict', 'abrupt'];
export const CLOSE_VALUES = ['stream', 'iterate', 'queryStream', 'fetch', 'fetchOptions'];
export const CLOSE_USES = [
  'read',
  'readInBranch',
  'unread',
  'partial',
  'readAfter',
  'started',
  'closedFirst',
  'handed',
  'stored',
  'earlyReturn',
  'closeInBranch',
  'returnInTry',
  'returnInTryBranch',
  'readInTry',
  'two',
];

export const closeKindsSpecArbitrary = fc.record({
  family: fc.constant('closeKinds'),
  kind: fc.constantFrom(...CLOSE_KINDS),
  value: fc.constantFrom(...CLOSE_VALUES),
  use: fc.constantFrom(...CLOSE_USES),
  /** Awaited or not: `await`, `void`, a statement, `.catch`/`.finally`/`.then`. */
  close: fc.nat(13),
  variant: fc.nat(5),
});

const isFetch = (value) => value === 'fetch' || value === 'fetchOptions';

/** The making of the value: `[statements before, expression]`; `n` numbers the bindings of a second one. */
function making(spec, n = '') {
  switch (spec.value) {
    case 'stream':
      return [[], 'pool.stream()'];
    case 'iterate':
      return [[], 'pool.iterate()'];
    case 'queryStream':
      return spec.variant % 2 === 0
        ? [[], "pool.query(new QueryStream('SELECT * FROM t'))"]
        : [[`const query${n} = new QueryStream('SELECT * FROM t');`], `pool.query(query${n})`];
    case 'fetch':
      return [[], "await fetch('http://x/rows', { dispatcher: pool })"];
    default:
      return [[`const options${n} = { dispatcher: pool };`], `await fetch('http://x/rows', { ...options${n}, method: 'GET' })`];
  }
}

/** A read of `v` to its end. */
function readAll(spec, v) {
  const pick = spec.variant % 2;
  switch (spec.value) {
    case 'stream':
    case 'queryStream':
      return pick === 0 ? `for await (const row of ${v}) sink(row);` : `sink(await drain(${v}));`;
    case 'iterate':
      return pick === 0 ? `for (const row of ${v}) sink(row);` : `sink([...${v}]);`;
    default:
      return pick === 0 ? `sink(await ${v}.text());` : `for await (const chunk of ${v}.body!) sink(chunk);`;
  }
}

/** A read of the first row only. */
function readPart(spec, v) {
  const leave = spec.variant % 2 === 0;
  switch (spec.value) {
    case 'stream':
    case 'queryStream':
      return leave ? `for await (const row of ${v}) {\n    sink(row);\n    break;\n  }` : `sink(${v}.read());`;
    case 'iterate':
      return leave ? `for (const row of ${v}) {\n    sink(row);\n    break;\n  }` : `sink(${v}.next().value);`;
    default:
      return `sink(await ${v}.body!.getReader().read());`;
  }
}

/** Closes `v` without reading it. */
function closeValue(spec, v) {
  switch (spec.value) {
    case 'stream':
    case 'queryStream':
      return `${v}.destroy();`;
    case 'iterate':
      return `${v}.return!();`;
    default:
      return `await ${v}.body!.cancel();`;
  }
}

/** The pool's close, as a statement. */
function closeCall(spec, features) {
  const forms =
    spec.kind === 'graceful'
      ? [
          'await pool.close();',
          'void pool.close();',
          'pool.close();',
          'pool.close().catch(() => undefined);',
          'await pool.close().catch(() => undefined);',
          "await pool.close().finally(() => sink('closed'));",
          "pool.close().then(() => sink('closed'));",
        ]
      : ['await pool.close();', 'pool.close();'];
  const form = forms[spec.close % forms.length];
  features.add(form.startsWith('await') ? 'close:awaited' : 'close:notAwaited');
  return form;
}

/** Renders one close-kinds program. */
export function renderCloseKinds(spec) {
  const inputs = [];
  const v = 'rows';
  // A graceful close waits for what holds a connection (a stream, a response), not for an iterator.
  // pg's submitted queries are a client's, whose close is abrupt.
  if (spec.kind === 'graceful' && (spec.value === 'iterate' || spec.value === 'queryStream')) spec = { ...spec, value: 'stream' };
  const [before, made] = making(spec);  const features = new Set([`kind:${spec.kind}`, `value:${spec.value}`, `use:${spec.use}`]);

  const close = closeCall(spec, features);
  const body = [...before];
  const imports = new Set(['sink']);
  const io = new Set();
  if (isFetch(spec.value)) io.add('fetch');
  if (spec.value === 'queryStream') io.add('QueryStream');
  let use = spec.use;
  // A `'data'` listener is a stream's; an iterator or a response is read instead.
  if (use === 'started' && spec.value !== 'stream' && spec.value !== 'queryStream') use = 'read';
  const read = readAll(spec, v);
  if (read.includes('drain(')) io.add('drain');
  switch (use) {
    case 'read':
      body.push(`const ${v} = ${made};`, read, close);
      break;
    case 'readInBranch':
      inputs.push('a');
      imports.add('input');
      body.push(`const ${v} = ${made};`, `if (input.a) {\n    ${read}\n  }`, close);
      break;
    case 'unread':
      body.push(`const ${v} = ${made};`, `sink(typeof ${v});`, close);
      break;
    case 'partial':
      body.push(`const ${v} = ${made};`, readPart(spec, v), close);
      break;
    case 'readAfter':
      body.push(`const ${v} = ${made};`, close, read);
      break;
    case 'started': {
      const pause = spec.variant % 3;
      if (pause === 1) {
        body.push(`const ${v} = ${made};`, `${v}.on('data', (row) => {\n    sink(row);\n    ${v}.pause();\n  });`, close);
        features.add('pausedForGood');
      } else if (pause === 2 && spec.variant >= 3) {
        body.push(
          `const ${v} = ${made};`,
          `${v}.on('data', (row) => {\n    sink(row);\n    ${v}.pause();\n    setTimeout(() => ${v}.resume(), 2);\n  });`,
          close,
        );
        features.add('pauseResume');
      } else if (pause === 2) {
        body.push(`const ${v} = ${made};`, `${v}.on('data', (row) => sink(row));`, `await finished(${v});`, close);
        features.add('waitedFor');
      } else {
        body.push(`const ${v} = ${made};`, `${v}.on('data', (row) => sink(row));`, close);
      }
      break;
    }
    case 'closedFirst':
      body.push(`const ${v} = ${made};`, closeValue(spec, v), close);
      break;
    case 'handed':
      io.add('drain');
      body.push(`const ${v} = ${made};`, `sink(await drain(${v}));`, close);
      break;
    case 'two': {
      // Two values of the pool: the first read to its end, the second maybe, on one path.
      inputs.push('a');
      imports.add('input');
      const other = 'more';
      const [beforeAgain, again] = making(spec, '2');
      body.push(`const ${v} = ${made};`, ...beforeAgain, `const ${other} = ${again};`, read, `if (input.a) {\n    ${readAll(spec, other)}\n  }`, close);
      break;
    }
    case 'stored':
      // Handed to someone else: an exported holder, read by the caller once `main()` is over.
      body.push(`const ${v} = ${made};`, `holder.rows = ${v};`, close);
      features.add('holder');
      break;
    case 'earlyReturn':
      inputs.push('a');
      imports.add('input');
      body.push(`const ${v} = ${made};`, 'if (input.a) return 0;', read, close, 'return 1;');
      break;
    case 'closeInBranch':
      inputs.push('a');
      imports.add('input');
      body.push(`const ${v} = ${made};`, `if (input.a) {\n    ${close}\n  }`, read);
      break;
    case 'returnInTryBranch':
      inputs.push('a');
      imports.add('input');
      body.push('try {', `  const ${v} = ${made};`, `  if (input.a) return ${v};`, `  ${read}`, '  return 1;', '} finally {', `  ${close}`, '}');
      break;
    case 'returnInTry':
      body.push('try {', `  return ${made};`, '} finally {', `  ${close}`, '}');
      break;
    default:
      body.push('try {', `  const ${v} = ${made};`, `  ${read}`, `  return 1;`, '} finally {', `  ${close}`, '}');
      break;
  }
  const lines = [
    `import { Pool } from 'pool-runtime/${spec.kind}';`,
    ...(io.size > 0 ? [`import { ${[...io].sort().join(', ')} } from 'pool-runtime/io';`] : []),
    `import { ${[...imports].sort().join(', ')} } from 'pool-runtime';`,
    ...(body.some((line) => line.includes('finished(')) ? ["import { finished } from 'node:stream/promises';"] : []),
    '',
    ...(features.has('holder') ? ['export const holder: { rows?: unknown } = {};', ''] : []),
    'export async function main() {',
    "  const pool = new Pool('db');",
    ...body.map((line) => (line.startsWith('try {') || line.startsWith('} finally') || line === '}' || line.startsWith('  ') ? `  ${line}` : `  ${line}`)),
    '}',
    '',
  ];
  return { code: lines.join('\n'), inputs, features: [...features].sort(), limits: [], spec };
}
