// Generates programs in the shapes of the contract's "Real code (second
// edition)": a pool on `this` (also `#private` and a longer member path, and
// re-created), a pool closed and opened again, a `QueryStream` submitted to
// `pool.query(q)`, a MongoDB cursor that is awaited (the driver's cursors are
// not thenable), eager results reached through an awaited query, and an
// existence guard in `finally`. Each shape is drawn with the places a value
// can go: read in the scope (correct), returned, read after the disposal
// point, or consumed by an un-awaited promise. Programs have the same shape as
// generator.js's: `{ code, inputs, features, limits, spec }`.
import fc from 'fast-check';

export const REAL_SHAPES = ['thisPool', 'reopen', 'submitted', 'awaitedCursor', 'eagerResult', 'protocol'];
export const REAL_PLACES = ['in', 'escape', 'after', 'unawaited', 'recreate'];

export const realCodeSpecArbitrary = fc.record({
  family: fc.constant('realCode'),
  shape: fc.constantFrom(...REAL_SHAPES),
  place: fc.constantFrom(...REAL_PLACES),
  variant: fc.nat(11),
});

/** The `finally` that disposes `p`: unconditional, or under the pool's own existence guard (rule 8). */
function releaseIn(p, variant, close) {
  const call = close ? `await ${p}.close();` : `${p}.release();`;
  switch (variant % 3) {
    case 1:
      return `if (${p}) ${call}`;
    case 2:
      return close ? `await ${p}?.close();` : `${p}?.release();`;
    default:
      return call;
  }
}

function thisPool(spec, features) {
  // The member path on `this` that holds the pool.
  const paths = [
    { field: "client = new Pool('pool');", p: 'this.client' },
    { field: "#client = new Pool('pool');", p: 'this.#client' },
    { field: "store = { client: new Pool('pool') };", p: 'this.store.client' },
  ];
  const { field, p } = paths[spec.variant % 3];
  features.add(`path:${p}`);
  const made = spec.variant % 2 === 0 ? `${p}.db().collection('users').find()` : `${p}.find()`;
  // Drawn apart from the path, so that every guard meets every path.
  const release = releaseIn(p, Math.floor(spec.variant / 3), true);
  let body;
  switch (spec.place) {
    case 'in':
      body = ['try {', `  let n = 0;`, `  for await (const v of ${made}) n += v;`, '  return n;', '} finally {', `  ${release}`, '}'];
      break;
    case 'escape':
      body = ['try {', `  return ${made};`, '} finally {', `  ${release}`, '}'];
      break;
    case 'unawaited':
      body = ['try {', `  return ${made}.toArray();`, '} finally {', `  ${release}`, '}'];
      break;
    case 'after':
      body = [`const rows = ${made};`, 'sink(await rows.next());', `await ${p}.close();`, 'return rows.toArray();'];
      break;
    case 'recreate':
      // Re-created on `this` after the close: what the new pool makes is alive.
      body = [
        `await ${p}.close();`,
        `${p} = new Pool('pool2');`,
        'let n = 0;',
        `for await (const v of ${made}) n += v;`,
        `await ${p}.close();`,
        'return n;',
      ];
      break;
  }
  return [
    'class Repo {',
    `  ${field}`,
    '  async read(): Promise<unknown> {',
    ...body.map((line) => `    ${line}`),
    '  }',
    '}',
    'export async function main(): Promise<unknown> {',
    '  return new Repo().read();',
    '}',
  ];
}

function reopen(spec, features) {
  const how = ['connect()', 'open()', "openUri('mongodb://db')", 'reconnect()'][spec.variant % 4];
  features.add(`reopen:${how.slice(0, how.indexOf('('))}`);
  const lines = ["  const pool = new Pool('pool');", '  const before = pool.find();', '  sink(await before.next());', '  await pool.close();', `  await pool.${how};`];
  switch (spec.place) {
    case 'in':
    case 'recreate':
      // Made in the new life: alive.
      lines.push('  let n = 0;', '  for await (const v of pool.find()) n += v;', '  await pool.close();', '  return n;');
      break;
    case 'escape':
      lines.push('  return pool.db().collection(\'users\').find();');
      break;
    case 'after':
    case 'unawaited':
      // Made in the old life: reading it after the reopening still reads a closed pool.
      lines.push('  let n = 0;', '  for await (const v of before) n += v;', '  return n;');
      break;
  }
  return ['export async function main(): Promise<unknown> {', ...lines, '}'];
}

function submitted(spec, features) {
  const inline = spec.variant % 2 === 1;
  features.add(inline ? 'query:inline' : 'query:binding');
  const release = releaseIn('pool', spec.variant >> 1, false);
  const made = inline ? "pool.query(new QueryStream('SELECT n FROM t'))" : 'qs';
  const setup = inline ? [] : ["    const qs = new QueryStream('SELECT n FROM t');", '    pool.query(qs);'];
  const lines = ["  const pool = new Pool('pool');"];
  switch (spec.place) {
    case 'in':
    case 'recreate':
      lines.push('  try {', ...setup, '    let n = 0;', `    for await (const row of ${made}) n += Number(row);`, '    return n;', '  } finally {', `    ${release}`, '  }');
      break;
    case 'escape':
      lines.push('  try {', ...setup, `    return ${made};`, '  } finally {', `    ${release}`, '  }');
      break;
    case 'after':
      lines.push('  let out: QueryStream | undefined;', '  try {', ...setup, `    out = ${made};`, '  } finally {', `    ${release}`, '  }', '  let n = 0;', '  for await (const row of out) n += Number(row);', '  return n;');
      break;
    case 'unawaited':
      lines.push(
        '  try {',
        ...setup,
        `    void drain(${made});`,
        '    return 0;',
        '  } finally {',
        `    ${release}`,
        '  }',
      );
      break;
  }
  const helper =
    spec.place === 'unawaited' ? ['async function drain(rows: AsyncIterable<unknown>): Promise<number> { let n = 0; for await (const row of rows) n += Number(row); return n; }'] : [];
  return [...helper, 'export async function main(): Promise<unknown> {', ...lines, '}'];
}

function awaitedCursor(spec, features, limits) {
  // Through `.db()`/`.collection()` the rule knows the awaited cursor is still a cursor (rule 6); on the pool itself it takes it for an ORM's eager query.
  const driverPath = spec.variant % 3 !== 2;
  if (!driverPath) limits.add('awaitedCursorQuery');
  features.add(driverPath ? 'awaited:driver' : 'awaited:pool');
  const made = driverPath ? "await pool.db().collection('users').find()" : 'await pool.find()';
  const release = releaseIn('pool', spec.variant, true);
  const lines = ["  const pool = new Pool('pool');", '  let result: Cursor<number> | undefined;'];
  switch (spec.place) {
    case 'in':
    case 'recreate':
      lines.push('  try {', `    result = ${made};`, '    return await result.toArray();', '  } finally {', `    ${release}`, '  }');
      break;
    case 'escape':
    case 'after':
      lines.push('  try {', `    result = ${made};`, '  } finally {', `    ${release}`, '  }', '  return result;');
      break;
    case 'unawaited':
      lines.push('  try {', `    result = ${made};`, '    return result.toArray();', '  } finally {', `    ${release}`, '  }');
      break;
  }
  return ['export async function main(): Promise<unknown> {', ...lines, '}'];
}

function eagerResult(spec, features) {
  // Plain data reached through an awaited query: nothing of it is lazy, wherever it goes.
  const forms = [
    ["    const res = await pool.query('SELECT n FROM t');", '    return res.rows.find((r) => r > 2);'],
    ["    const { rows } = await pool.query('SELECT n FROM t');", '    return rows.filter((r) => r > 1).values();'],
    ["    return (await pool.query('SELECT n FROM t')).rows.values();"],
    ["    const doc = await pool.db().collection('users').findOne();", '    return doc.tags.find((t) => t > 1);'],
    ["    return (await pool.collection('users').findOne())?.tags.find((t) => t > 1);"],
  ];
  const form = forms[spec.variant % forms.length];
  features.add(`eager:${String(spec.variant % forms.length)}`);
  const close = spec.variant % 2 === 0;
  const release = releaseIn('pool', spec.variant >> 1, close);
  return ['export async function main(): Promise<unknown> {', "  const pool = new Pool('pool');", '  try {', ...form, '  } finally {', `    ${release}`, '  }', '}'];
}

function protocol(spec, features) {
  // Rule 4: an explicit protocol call on the pool or on a lazy value, a file handle's web stream and its reader.
  const makers = [
    { made: 'pool[Symbol.asyncIterator]()', kind: 'iterator' },
    { made: "pool.db().collection('users').find()[Symbol.asyncIterator]()", kind: 'iterator' },
    { made: 'pool.readableWebStream().getReader()', kind: 'reader' },
    { made: 'pool.readableWebStream()', kind: 'web' },
  ];
  const { made, kind } = makers[spec.variant % makers.length];
  features.add(`protocol:${String(spec.variant % makers.length)}`);
  const readAll = {
    iterator: (e) => [`for (let step = await ${e}.next(); !step.done; step = await ${e}.next()) n += step.value;`],
    reader: (e) => [`for (let step = await ${e}.read(); !step.done; step = await ${e}.read()) n += step.value.length;`],
    web: (e) => [`for await (const chunk of ${e}) n += chunk.length;`],
  }[kind];
  const type = { iterator: 'AsyncIterator<number>', reader: 'ReadableStreamDefaultReader<Uint8Array>', web: 'ReadableStream<Uint8Array>' }[kind];
  const release = releaseIn('pool', Math.floor(spec.variant / 4), true);
  const lines = ["  const pool = new Pool('pool');"];
  switch (spec.place) {
    case 'in':
    case 'recreate':
      lines.push('  try {', `    const it = ${made};`, '    let n = 0;', ...readAll('it').map((l) => `    ${l}`), '    return n;', '  } finally {', `    ${release}`, '  }');
      break;
    case 'escape':
      lines.push('  try {', `    return ${made};`, '  } finally {', `    ${release}`, '  }');
      break;
    case 'after':
    case 'unawaited':
      lines.push(`  let it: ${type} | undefined;`, '  try {', `    it = ${made};`, '  } finally {', `    ${release}`, '  }', '  let n = 0;', ...readAll('it').map((l) => `  ${l}`), '  return n;');
      break;
  }
  return ['export async function main(): Promise<unknown> {', ...lines, '}'];
}

/** Renders a real-code spec to a program. */
export function renderRealCode(spec) {
  const features = new Set(['family:realCode', `shape:${spec.shape}`, `place:${spec.place}`]);
  const limits = new Set();
  let body;
  switch (spec.shape) {
    case 'thisPool':
      body = thisPool(spec, features);
      break;
    case 'reopen':
      body = reopen(spec, features);
      break;
    case 'submitted':
      body = submitted(spec, features);
      break;
    case 'awaitedCursor':
      body = awaitedCursor(spec, features, limits);
      break;
    case 'eagerResult':
      body = eagerResult(spec, features);
      break;
    case 'protocol':
      body = protocol(spec, features);
      break;
  }
  const imports = ['Pool', 'sink'];
  const text = body.join('\n');
  if (/\bQueryStream\b/.test(text)) imports.push('QueryStream');
  if (/\bCursor</.test(text)) imports.push('type Cursor');
  const code = `import { ${imports.join(', ')} } from 'pool-runtime';\n${text}\n`;
  return { code, inputs: [], features: [...features].sort(), limits: [...limits].sort(), spec };
}
