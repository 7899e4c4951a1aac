
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// The contract's "What is not reported" list, item by item, plus the correct-code shapes the
// brief names (awaited ORM find() in try/finally, '[1, 2].find(…)', 'await pool.map(f, xs)').

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Consumption inside the disposal scope in an awaited async IIFE.
    `
import { MongoClient } from 'mongodb';

export async function count(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  const n = await (async () => {
    let k = 0;
    for await (const _ of cursor) k++;
    return k;
  })();
  return n;
}
`,
    // Consumption inside a 'new Promise' executor awaited in the scope.
    `
import { Redis } from 'ioredis';

export async function keys(url: string) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'user:*' });
    return await new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      stream.on('data', (batch: string[]) => out.push(...batch));
      stream.on('end', () => resolve(out));
      stream.on('error', reject);
    });
  } finally {
    await redis.quit();
  }
}
`,
    // Consumption inside callbacks of array methods, which run in place.
    `
import Database from 'better-sqlite3';

export function rowCounts(files: string[], table: string) {
  using db = new Database(files[0]!);
  return [table].map((t) => Array.from(db.prepare('SELECT * FROM ' + t).iterate()).length);
}
`,
    // Materialization in scope with 'await Array.fromAsync(pool.imap(…))': the array may be returned.
    `
export async function results(tasks: Task[]) {
  await using pool = new WorkerPool(8);
  return await Array.fromAsync(pool.imap(work, tasks));
}
`,
    // Materialization in scope with spread: the array is assigned to an outer binding.
    `
import Database from 'better-sqlite3';

let cache: unknown[] = [];

export function refresh(file: string) {
  using db = new Database(file);
  const it = db.prepare('SELECT * FROM cache').iterate();
  cache = [...it];
}
`,
    // Materialization in scope with Array.from: the array is stored on 'this'.
    `
import Database from 'better-sqlite3';

export class Settings {
  rows: unknown[] = [];

  load(file: string) {
    const db = new Database(file);
    try {
      this.rows = Array.from(db.prepare('SELECT * FROM settings').iterate());
    } finally {
      db.close();
    }
  }
}
`,
    // The contract's generator example: yield* keeps the scope alive while suspended.
    `
async function* f() {
  await using p = new Pool();
  yield* p.imap(g, xs);
}
`,
    // yield* in a generator whose try/finally holds the pool.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function* rows(client: PoolClient) {
  try {
    yield* client.query(new QueryStream('SELECT * FROM events'));
  } finally {
    client.release();
  }
}
`,
    // Disposed only in catch: the success path hands out the cursor with the client alive.
    `
import { MongoClient } from 'mongodb';

export async function openEvents(uri: string) {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    return client.db('app').collection('events').find();
  } catch (error) {
    await client.close();
    throw error;
  }
}
`,
    // Disposed only under 'if' in finally (error-path cleanup): the stream is handed out.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function openStream(pool: Pool) {
  const client = await pool.connect();
  let ok = false;
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.once('close', () => client.release());
    ok = true;
    return stream;
  } finally {
    if (!ok) client.release();
  }
}
`,
    // Lazy method names on values not reached from a pool: '[1, 2].find(…)'.
    `
export function pick(file: string) {
  let hit;
  try {
    hit = [1, 2].find((n) => n > 1);
  } finally {
    closeLog(file);
  }
  return hit;
}
`,
    // Lazy method name on an array after a pool was used: still not reached from the pool.
    `
export async function firstPositive(tasks: Task[]) {
  let values;
  {
    await using pool = new WorkerPool(2);
    values = await pool.run(tasks);
  }
  return values.find((v: number) => v > 0);
}
`,
    // The iterator binding is re-created before the consumption after the block.
    `
import Database from 'better-sqlite3';

export function jobs(file: string, fallback: Job[]) {
  let list: Iterable<Job>;
  {
    using db = new Database(file);
    list = db.prepare('SELECT * FROM jobs').iterate();
    for (const job of list) schedule(job);
  }
  list = fallback;
  for (const job of list) schedule(job);
}
`,
    // The closure from the contract: created and called in the scope.
    `
export function run(f: (x: number) => number, xs: number[]) {
  using pool = new SyncPool(2);
  const get = () => pool.imap(f, xs);
  for (const x of get()) console.log(x);
}
`,
    // Shadowed name: the parameter 'client' of the inner function is not the disposed pool.
    `
import { MongoClient } from 'mongodb';

export async function main(uri: string, other: MongoClient) {
  {
    await using client = new MongoClient(uri);
    await client.db('admin').command({ ping: 1 });
  }
  const open = (client: MongoClient) => client.db('app').collection('events').find();
  for await (const e of open(other)) console.log(e);
}
`,
    // The contract's ORM case: 'await qr.manager.find(User)' inside try/finally release() is plain data.
    `
export async function listUsers(dataSource: DataSource) {
  const qr = dataSource.createQueryRunner();
  let users;
  try {
    users = await qr.manager.find(User);
  } finally {
    await qr.release();
  }
  return users;
}
`,
    // Prisma-style awaited findMany-like find() on a 'using' client returns data.
    `
export async function posts(open: () => Promise<Db>) {
  let rows;
  {
    await using db = await open();
    rows = await db.post.find({ where: { published: true } });
  }
  for (const p of rows) console.log(p.title);
}
`,
    // 'await pool.map(f, xs)' on a worker pool is eager and silent.
    `
export async function doubled(xs: number[]) {
  const pool = createPool(4);
  let out;
  try {
    out = await pool.map((x: number) => x * 2, xs);
  } finally {
    await pool.terminate();
  }
  return [...out];
}
`,
    // A lazy iterator that is never consumed and never leaves its scope.
    `
import { MongoClient } from 'mongodb';

export async function warmup(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  console.log(typeof cursor);
}
`,
    // A pool disposed at the end of the block, and a new pool used after it for a new iterator.
    `
import Database from 'better-sqlite3';

export function twice(file: string) {
  {
    using db = new Database(file);
    db.exec('ANALYZE');
  }
  using db2 = new Database(file);
  return Array.from(db2.prepare('SELECT * FROM t').iterate());
}
`,
    // The contract's guarded close, 'finally { if (failed) pool.close(); }': error-path cleanup only.
    `
export function start(tasks: Task[]) {
  const pool = new WorkerPool(4);
  let failed = true;
  let results;
  try {
    results = pool.imap(work, tasks);
    failed = false;
  } finally {
    if (failed) pool.close();
  }
  return results;
}
`,
  ],
  invalid: [],
});
