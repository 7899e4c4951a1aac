
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Which values are lazy iterators: the default lazy method names (always lazy, and
// cursor-or-query names that are lazy only when not directly awaited), chains reached from
// the pool, intermediate const bindings, lazy query objects, lazy functions, the pool itself,
// and lazy combinators.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // mysql2's [Symbol.dispose] is end(), graceful and not awaited: the query stream is read after the
    // return, and end() runs once it is.
    `
import mysql from 'mysql2';

export function streamOrders(config: mysql.ConnectionOptions) {
  using conn = mysql.createConnection(config);
  return conn.query('SELECT * FROM orders').stream({ highWaterMark: 5 });
}
`,
    // find() directly awaited resolves to plain data (ORM query), not a cursor.
    `
export async function admins(ds: DataSource) {
  let list;
  {
    await using qr = ds.createQueryRunner();
    list = await qr.manager.find(User, { where: { admin: true } });
  }
  for (const u of list) notify(u);
}
`,
    // aggregate() directly awaited: plain result.
    `
export async function totals(orm: Orm) {
  let rows;
  {
    await using em = orm.em.fork();
    rows = await em.aggregate(Order, [{ $group: { _id: '$status', n: { $sum: 1 } } }]);
  }
  return rows.map((r) => r.n);
}
`,
    // listCollections() cursor consumed by an awaited toArray() inside the block.
    `
import { MongoClient } from 'mongodb';

export async function collectionNames(uri: string) {
  let names;
  {
    await using client = new MongoClient(uri);
    names = await client.db('app').listCollections({}, { nameOnly: true }).toArray();
  }
  return names.map((c) => c.name);
}
`,
    // listDatabases() awaited: the admin command returns a plain document.
    `
import { MongoClient } from 'mongodb';

export async function databaseNames(uri: string) {
  let result;
  {
    await using client = new MongoClient(uri);
    result = await client.db().admin().listDatabases();
  }
  return result.databases.map((d) => d.name);
}
`,
    // keys() awaited on a store whose keys() resolves to an array.
    `
export async function allKeys(open: () => Promise<Store>) {
  let keys;
  {
    await using store = await open();
    keys = await store.keys();
  }
  for (const k of keys) console.log(k);
}
`,
    // values() awaited: plain array.
    `
export async function allValues(open: () => Promise<Store>) {
  let values;
  {
    await using store = await open();
    values = await store.values();
  }
  return [...values];
}
`,
    // watch() and listIndexes() awaited: plain values.
    `
export async function indexes(open: () => Promise<Repo>) {
  let idx;
  let subscription;
  {
    await using repo = await open();
    idx = await repo.listIndexes();
    subscription = await repo.watch();
  }
  for (const i of idx) console.log(i, subscription);
}
`,
    // A lazy method name on a value not reached from any pool: an array's find().
    `
export function firstEven(file: string) {
  let found;
  {
    using db = new Database(file);
    db.pragma('journal_mode = WAL');
    found = [1, 2, 3].find((n) => n % 2 === 0);
  }
  return found;
}
`,
    // A Map's values() is not reached from the pool.
    `
const cache = new Map<string, User>();

export function cachedUsers(file: string) {
  let users;
  {
    using db = new Database(file);
    db.exec('VACUUM');
    users = cache.values();
  }
  for (const u of users) console.log(u);
}
`,
    // Eager methods of a better-sqlite3 statement (all, get) return plain rows.
    `
import Database from 'better-sqlite3';

export function loadAll(file: string) {
  let rows;
  let count;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').all();
    count = db.prepare('SELECT count(*) AS n FROM users').get();
  }
  for (const row of rows) console.log(row, count);
}
`,
    // A worker pool's run() returns a promise of a plain value.
    `
import Piscina from 'piscina';

export async function resize(images: string[]) {
  let results;
  {
    await using pool = new Piscina({ filename: './resize.js' });
    results = await Promise.all(images.map((img) => pool.run(img)));
  }
  for (const r of results) save(r);
}
`,
    // A combinator name on the pool itself is judged by the lazy-method lists: pool.map() is eager.
    `
export async function squares(xs: number[]) {
  let out;
  {
    await using pool = new WorkerPool(4);
    out = await pool.map(square, xs);
  }
  for (const x of out) console.log(x);
}
`,
    // pMapIterable whose callback does not use the pool: not lazy on the pool.
    `
import { pMapIterable } from 'p-map';

export async function fetchAll(urls: string[]) {
  let pages;
  {
    await using pool = new WorkerPool(4);
    await pool.run('warmup');
    pages = pMapIterable(urls, (u) => fetch(u), { concurrency: 8 });
  }
  for await (const page of pages) console.log(page.status);
}
`,
    // client.query() with a plain SQL string returns a promise of rows, not a stream.
    `
import type { PoolClient } from 'pg';

export async function events(client: PoolClient) {
  let result;
  try {
    result = await client.query('SELECT * FROM events');
  } finally {
    client.release();
  }
  for (const row of result.rows) console.log(row);
}
`,
    // A combinator over the lazy iterator, consumed in scope.
    `
export async function bigFiles(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  for await (const r of pool.imap(stat, tasks).filter((s) => s.size > 1e6)) console.log(r.path);
}
`,
    // The pool is a Dir, but only the plain entry read inside the try is used after it.
    `
import { opendir } from 'node:fs/promises';

export async function firstEntry(path: string) {
  const dir = await opendir(path);
  let entry;
  try {
    entry = await dir.read();
  } finally {
    await dir.close();
  }
  return entry?.name;
}
`,
    // A 'let' binding initialised from the pool but reassigned is not "reached from the pool".
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string, fallback: Collection) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    let coll = client.db('app').collection('users');
    if (!(await coll.countDocuments())) coll = fallback;
    cursor = coll.find();
  }
  for await (const u of cursor) console.log(u);
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Intermediate const binding to a collection: the find() on it is reached from the pool.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function inactive(uri: string) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    const users = client.db().collection('users');
    cursor = users.find({ active: false });
  }
  for await (const u of cursor) archive(u);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from users.find(…))",
            pool: "client 'client'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'users.find(…)'" },
              materialize: 'users.find({ active: false })',
            },
          ],
        },
      ],
    },
    // An 'always lazy' method stays lazy when awaited: the suggestion wraps the 'await' too.
    {
      code: `
export async function results(tasks: Task[]) {
  let out;
  {
    await using pool = new WorkerPool(8);
    out = await pool.imap(work, tasks);
  }
  for await (const r of out) log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'await pool.imap(…)'" },
              materialize: 'await pool.imap(work, tasks)',
            },
          ],
        },
      ],
    },
    // cursor-or-query: aggregate() not awaited is a MongoDB AggregationCursor.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function statusCounts(uri: string) {
  let counts;
  {
    await using client = new MongoClient(uri);
    counts = client.db('shop').collection('orders').aggregate([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
  }
  return counts.toArray();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'counts' (from client.db(…).collection(…).aggregate(…))",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 26,
          suggestions: [],
        },
      ],
    },
    // cursor-or-query: listCollections() not awaited.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function collections(uri: string) {
  let list;
  {
    await using client = new MongoClient(uri);
    list = client.db('app').listCollections();
  }
  for await (const c of list) console.log(c.name);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'list' (from client.db(…).listCollections())",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).listCollections()'" },
              materialize: "client.db('app').listCollections()",
            },
          ],
        },
      ],
    },
    // cursor-or-query: listIndexes() not awaited.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function indexes(uri: string) {
  let idx;
  {
    await using client = new MongoClient(uri);
    idx = client.db('app').collection('users').listIndexes();
  }
  return Array.fromAsync(idx);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'idx' (from client.db(…).collection(…).listIndexes())",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).listIndexes()'" },
              materialize: "client.db('app').collection('users').listIndexes()",
            },
          ],
        },
      ],
    },
    // cursor-or-query: listDatabases() not awaited, returned.
    {
      code: `
export async function databases(open: () => Promise<Admin>) {
  await using admin = await open();
  return admin.listDatabases();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'admin.listDatabases()'",
            pool: "pool 'admin'",
            escape: 'returned',
            disposal: "line 5, end of the 'await using' block",
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'admin.listDatabases()'" },
              materialize: 'admin.listDatabases()',
            },
          ],
        },
      ],
    },
    // cursor-or-query: abstract-level values() not awaited.
    {
      code: `
import { MemoryLevel } from 'memory-level';

export async function allValues() {
  let values;
  {
    await using db = new MemoryLevel();
    await db.put('a', '1');
    values = db.values({ limit: 10 });
  }
  for await (const v of values) console.log(v);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'values' (from db.values(…))",
            pool: "database 'db'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db.values(…)'" },
              materialize: 'db.values({ limit: 10 })',
            },
          ],
        },
      ],
    },
    // Always lazy: node-redis hScanIterator, sScanIterator, zScanIterator.
    {
      code: `
import { createClient } from 'redis';

export async function scanAll(url: string) {
  let h;
  let s;
  let z;
  {
    await using client = await createClient({ url }).connect();
    h = client.hScanIterator('profile:1');
    s = client.sScanIterator('tags');
    z = client.zScanIterator('scores');
  }
  for await (const e of h) console.log(e);
  for await (const m of s) console.log(m);
  for await (const m of z) console.log(m);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'h' (from client.hScanIterator(…))",
            pool: "pool 'client'",
            disposal: "line 13, end of the 'await using' block",
          },
          line: 14,
          column: 25,
          endLine: 14,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.hScanIterator(…)'" },
              materialize: "client.hScanIterator('profile:1')",
            },
          ],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'s' (from client.sScanIterator(…))",
            pool: "pool 'client'",
            disposal: "line 13, end of the 'await using' block",
          },
          line: 15,
          column: 25,
          endLine: 15,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.sScanIterator(…)'" },
              materialize: "client.sScanIterator('tags')",
            },
          ],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'z' (from client.zScanIterator(…))",
            pool: "pool 'client'",
            disposal: "line 13, end of the 'await using' block",
          },
          line: 16,
          column: 25,
          endLine: 16,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.zScanIterator(…)'" },
              materialize: "client.zScanIterator('scores')",
            },
          ],
        },
      ],
    },
    // Always lazy: ioredis hscanStream and zscanStream.
    {
      code: `
import { Redis } from 'ioredis';

export async function scanHashes(url: string) {
  const redis = new Redis(url);
  let fields;
  let members;
  try {
    fields = redis.hscanStream('profile:1');
    members = redis.zscanStream('leaderboard');
  } finally {
    await redis.quit();
  }
  await pipeline(fields, process.stdout);
  await pipeline(members, process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'fields' (from redis.hscanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 12, redis.quit() in finally',
          },
          line: 14,
          column: 9,
          endLine: 14,
          endColumn: 41,
          suggestions: [],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'members' (from redis.zscanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 12, redis.quit() in finally',
          },
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    // Always lazy: a 'cursor' method (postgres.js style) awaited is still a cursor.
    {
      code: `
export async function batches(open: () => Promise<Sql>) {
  let cursor;
  {
    await using sql = await open();
    cursor = await sql.unsafe('SELECT * FROM events').cursor(100);
  }
  for await (const rows of cursor) console.log(rows.length);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from sql.unsafe(…).cursor(…))",
            pool: "pool 'sql'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'await sql.unsafe(…).cursor(…)'" },
              materialize: "await sql.unsafe('SELECT * FROM events').cursor(100)",
            },
          ],
        },
      ],
    },
    // Always lazy: mysql2 query(...).stream() on an 'await using' connection, whose asyncDispose awaits
    // end(): end() waits for the stream, which the caller can read only once the function has returned.
    {
      code: `
import mysql from 'mysql2';

export async function streamOrders(config: mysql.ConnectionOptions) {
  await using conn = mysql.createConnection(config);
  return conn.query('SELECT * FROM orders').stream({ highWaterMark: 5 });
}
`,
      errors: [
        {
          messageId: 'escapesIntoWaitingClose',
          data: {
            iterator: "'conn.query(…).stream(…)'",
            pool: "connection 'conn'",
            disposal: "line 7, end of the 'await using' block",
            behaviour: "mysql2's end() waits for it",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 73,
        },
      ],
    },
    // node-postgres: client.query(new QueryStream(sql)) is the stream.
    {
      code: `
import { Client } from 'pg';
import QueryStream from 'pg-query-stream';

export async function ids(config: object) {
  let stream;
  {
    await using client = await connectClient(config);
    stream = client.query(new QueryStream('SELECT id FROM users', [], { batchSize: 100 }));
  }
  return stream.read();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from client.query(…))",
            pool: "pool 'client'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 10,
          endLine: 11,
          endColumn: 23,
          suggestions: [],
        },
      ],
    },
    // pMapIterable over a piscina pool (disposed with 'await using'), consumed after the block.
    {
      code: `
import Piscina from 'piscina';
import { pMapIterable } from 'p-map';

export async function resizeAll(images: string[]) {
  let resized;
  {
    await using pool = new Piscina({ filename: './resize.js' });
    resized = pMapIterable(images, (img) => pool.run(img), { concurrency: 4 });
  }
  for await (const r of resized) save(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'resized' (from pMapIterable(…))",
            pool: "worker pool 'pool'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              materialize: 'pMapIterable(images, (img) => pool.run(img), { concurrency: 4 })',
            },
          ],
        },
      ],
    },
    // The pool itself (an fs Dir) passed to a consumer after it was closed in finally: no suggestion,
    // there is no lazy call to materialize.
    {
      code: `
import { opendir } from 'node:fs/promises';

export async function rest(path: string) {
  const dir = await opendir(path);
  try {
    await dir.read();
  } finally {
    await dir.close();
  }
  return Array.fromAsync(dir);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'dir'",
            pool: "directory 'dir'",
            disposal: 'line 9, dir.close() in finally',
          },
          line: 11,
          column: 10,
          endLine: 11,
          endColumn: 30,
        },
      ],
    },
    // A lazy combinator keeps the iterator lazy: filter() over imap() consumed after the block.
    {
      code: `
export async function failures(tasks: Task[]) {
  let failed;
  {
    await using pool = new WorkerPool(4);
    failed = pool.imap(check, tasks).filter((r) => !r.ok);
  }
  for await (const f of failed) report(f);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'failed' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 7, end of the 'await using' block",
          },
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…).filter(…)'" },
              materialize: 'pool.imap(check, tasks).filter((r) => !r.ok)',
            },
          ],
        },
      ],
    },
    // Combinators applied after the block to an outer binding: map() and take().
    {
      code: `
import Database from 'better-sqlite3';

export function firstNames(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT name FROM users').iterate();
  }
  return [...rows.map((r) => r.name).take(10)];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows.map(…).take(…)' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    // drop() and flatMap() keep it lazy too; returned from the 'using' function.
    {
      code: `
import Database from 'better-sqlite3';

export function tags(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT tags FROM posts').iterate();
  return rows.drop(1).flatMap((r) => r.tags.split(','));
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'rows.drop(…).flatMap(…)' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 8, end of the 'using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'rows.drop(…).flatMap(…)'" },
              materialize: "rows.drop(1).flatMap((r) => r.tags.split(','))",
            },
          ],
        },
      ],
    },
    // Always lazy: iterate() on node:sqlite through a chain of calls.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function logLines(file: string) {
  let it;
  {
    using db = new DatabaseSync(file);
    it = db.prepare('SELECT line FROM log WHERE level = ?').iterate('error');
  }
  return it.next().value;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'it' (from db.prepare(…).iterate(…))",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    // A MongoDB cursor's .stream() keeps the find() cursor lazy; the '(from …)' names the find() call.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function exportEvents(uri: string, out: NodeJS.WritableStream) {
  let events;
  {
    await using client = new MongoClient(uri);
    events = client.db('app').collection('events').find({ type: 'order' }).stream();
  }
  events.pipe(out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'events' (from client.db(…).collection(…).find(…))",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    // Created inside a closure that is called in the scope: the iterator still reaches the outer
    // binding and is consumed after the block; the suggestion wraps the call of the closure in the scope.
    {
      code: `
import Database from 'better-sqlite3';

export function report(file: string) {
  let rows;
  {
    using db = new Database(file);
    const load = () => db.prepare('SELECT * FROM report').iterate();
    rows = load();
  }
  for (const row of rows) print(row);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 21,
          endLine: 11,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'load()'" },
              materialize: 'load()',
            },
          ],
        },
      ],
    },
    // A 'let' binding initialised from the pool and never reassigned is reached from the pool.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    let coll = client.db('app').collection('users');
    cursor = coll.find({ active: true });
  }
  for await (const u of cursor) console.log(u);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from coll.find(…))",
            pool: "client 'client'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'coll.find(…)'" },
              materialize: 'coll.find({ active: true })',
            },
          ],
        },
      ],
    },
  ]),
});
