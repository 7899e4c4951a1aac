// Generated programs in shapes that stress the rule's analysis: long chains
// (of aliases, containers, calls, generators…) that a recursive walk would
// follow one stack frame per link, deep nesting, and repeated statements
// whose pairs a careless analysis would compare. Each shape is a function of
// its size `n`; every program holds a pool and a lazy value, so the rule
// analyses it all. Used by the crash tests (chains at 5,000 links) and by the
// pathological benchmark (`npm run bench:pathological`).

const lines = (n, line) => Array.from({ length: n }, (_, index) => line(index + 1)).join('\n');

/** A chain: link `i` reads link `i - 1`. The program returns the last link, so the whole chain is followed. */
const chain = (head, link, tail) => (n) => `${head}\n${lines(n, link)}\n${tail(n)}\n`;

const IN_POOL_FUNCTION = `export async function main(open, work) {
  await using pool = open();
  const a0 = pool.imap(work);`;

/**
 * Chains of links, one statement (or one declaration) per link: flat code,
 * which ESLint walks without deep recursion. Each is linted at 5,000 links.
 */
export const CHAINS = {
  'const a1 = a0;': chain(IN_POOL_FUNCTION, (i) => `  const a${i} = a${i - 1};`, (n) => `  return a${n};\n}`),
  'const [a1] = [a0];': chain(IN_POOL_FUNCTION, (i) => `  const [a${i}] = [a${i - 1}];`, (n) => `  return a${n};\n}`),
  'const a1 = { v: a0 }.v;': chain(IN_POOL_FUNCTION, (i) => `  const a${i} = { v: a${i - 1} }.v;`, (n) => `  return a${n};\n}`),
  'const a1 = [a0];': chain(IN_POOL_FUNCTION, (i) => `  const a${i} = [a${i - 1}];`, (n) => `  return a${n};\n}`),
  'let a1; a1 = a0;': chain(IN_POOL_FUNCTION, (i) => `  let a${i}; a${i} = a${i - 1};`, (n) => `  return a${n};\n}`),
  'o.a1 = o.a0;': chain(`${IN_POOL_FUNCTION}
  const o = { a0 };`, (i) => `  o.a${i} = o.a${i - 1};`, (n) => `  return o.a${n};\n}`),
  'function g1() { return g0(); }': chain(
    `export async function main(open, work) {
  await using pool = open();
  function g0() { return pool.imap(work); }`,
    (i) => `  function g${i}() { return g${i - 1}(); }`,
    (n) => `  return g${n}();\n}`,
  ),
  'function* g1() { yield* g0(); }': chain(
    `export async function main(open, work) {
  await using pool = open();
  function* g0() { yield* pool.imap(work); }`,
    (i) => `  function* g${i}() { yield* g${i - 1}(); }`,
    (n) => `  return g${n}();\n}`,
  ),
  'const h1 = () => h0();': chain(
    `export async function main(open, work) {
  await using pool = open();
  const h0 = () => pool.imap(work);`,
    (i) => `  const h${i} = () => h${i - 1}();`,
    (n) => `  return h${n}();\n}`,
  ),
  'const c1 = c0.sub();': chain(
    `export async function main(open) {
  await using pool = open();
  const c0 = pool.db('app');`,
    (i) => `  const c${i} = c${i - 1}.sub();`,
    (n) => `  return c${n}.find();\n}`,
  ),
  'pool.a.a.….imap()': (n) =>
    `export async function main(open, work) {
  await using pool = open();
  return pool${'.a'.repeat(n)}.imap(work);
}
`,
};

/**
 * Shapes whose cost grows with `n` (statements, functions, pools) in flat code:
 * the benchmark lints each at n and 2n and prints the doubling ratio.
 */
export const COSTS = {
  'while { if (a[i]) close(); else it.next(); } × n': (n) =>
    `export async function main(db, a) {
  const it = db.find({});
  while (a.more) {
${lines(n, (i) => `    if (a[${i}]) await db.close();\n    else await it.next();`)}
  }
}
`,
  'if (a[i]) close(); it.next(); × n': (n) =>
    `export async function main(db, a) {
  const it = db.find({});
${lines(n, (i) => `  if (a[${i}]) await db.close();\n  await it.next();`)}
}
`,
  'n writes r = pool.imap() in using, n r.next() after': (n) =>
    `export async function main(open, work) {
  let r;
  {
    await using pool = open();
${lines(n, () => '    r = pool.imap(work);')}
  }
${lines(n, () => '  await r.next();')}
}
`,
  'module client, n exported find/toArray/close functions': (n) =>
    `import { MongoClient } from 'mongodb';
const db = new MongoClient(process.env.URI);
${lines(
  n,
  (i) => `export async function f${i}() {
  const cursor = db.db('app').collection('c${i}').find({});
  const rows = await cursor.toArray();
  await db.close();
  return rows;
}`,
)}
`,
  'n clients made, closed, their iterators consumed after': (n) =>
    `export async function main(connect) {
${lines(
  n,
  (i) => `  const db${i} = await connect();
  const it${i} = db${i}.find({});
  await db${i}.close();
  await it${i}.next();`,
)}
}
`,
  // Code paths between the closes and the reads: a walk from each close that went on to the end of the
  // function would cross the segments of every later client.
  'n clients made, closed, their iterators read by for await after': (n) =>
    `export async function main(connect, use) {
${lines(
  n,
  (i) => `  const db${i} = await connect();
  const it${i} = db${i}.find({});
  await db${i}.close();
  for await (const row of it${i}) use(row);`,
)}
}
`,
  'n clients made, closed on a condition, their iterators consumed after': (n) =>
    `export async function main(connect, a) {
${lines(
  n,
  (i) => `  const db${i} = await connect();
  const it${i} = db${i}.find({});
  if (a[${i}]) await db${i}.close();
  await it${i}.next();`,
)}
}
`,
  'n methods { await using pool; r = pool.imap() } this.k = r': (n) =>
    `export class Jobs {
${lines(
  n,
  (i) => `  async m${i}(mk, w) {
    let r;
    {
      await using pool = mk();
      r = pool.imap(w);
    }
    this.k${i} = r;
  }`,
)}
}
`,
  'n closes of one pool, one iterator consumed after': (n) =>
    `export async function main(db, a) {
  const it = db.find({});
${lines(n, (i) => `  if (a[${i}]) await db.close();`)}
  await db.close();
  await it.next();
}
`,
  'n iterators of one pool, consumed after its close': (n) =>
    `export async function main(db) {
${lines(n, (i) => `  const it${i} = db.find({ k: ${i} });`)}
  await db.close();
${lines(n, (i) => `  await it${i}.next();`)}
}
`,
  'n aliases of one iterator, each consumed after the block': (n) =>
    `export async function main(open, work) {
${lines(n, (i) => `  let r${i};`)}
  {
    await using pool = open();
    const it = pool.imap(work);
${lines(n, (i) => `    r${i} = it;`)}
  }
${lines(n, (i) => `  await r${i}.next();`)}
}
`,
};
