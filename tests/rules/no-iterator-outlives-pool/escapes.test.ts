
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// 'escapesScope': a still-lazy iterator leaves the disposal scope (returned, exported,
// assigned to an outer binding that is not consumed later in the same function, stored on
// an object that outlives the scope). And the one-report rule: an outer binding consumed
// later in the same function is reported at that consumption only.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Returned after materialization in the async function.
    `
import { ClassicLevel } from 'classic-level';

export async function entries(location: string) {
  await using db = new ClassicLevel(location);
  return await Array.fromAsync(db.iterator({ gte: 'user:', lt: 'user;' }));
}
`,
    // Returned from try after materialization: the array outlives release() safely.
    `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function page(client: PoolClient) {
  try {
    const cursor = client.query(new Cursor('SELECT * FROM t'));
    const rows = await cursor.read(50);
    await cursor.close();
    return rows;
  } finally {
    client.release();
  }
}
`,
    // A closure created and called in the scope returns the iterator into the scope (contract).
    `
export function squares(xs: number[]) {
  using pool = new SyncPool(4);
  const get = () => pool.imap(square, xs);
  for (const x of get()) console.log(x);
}
`,
    // An async IIFE awaited in the scope returns the iterator to the scope, where it is drained.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = await (async () => client.db('app').collection('users').find())();
  for await (const u of cursor) console.log(u.name);
}
`,
    // Assigned to a binding declared outside the scope, but consumed before the scope ends.
    `
import { MongoClient } from 'mongodb';

let last: unknown;

export async function drainOnce(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  last = cursor;
  for await (const e of cursor) console.log(e);
}
`,
    // Stored on 'this' after materialization.
    `
import { MongoClient } from 'mongodb';

export class OrderCache {
  orders: unknown[] = [];

  async load(uri: string) {
    await using client = new MongoClient(uri);
    this.orders = await client.db('shop').collection('orders').find().toArray();
  }
}
`,
    // Stored on an object created in the scope and consumed in the scope.
    `
import Database from 'better-sqlite3';

export function summary(file: string) {
  using db = new Database(file);
  const state: { rows?: Iterable<Row> } = {};
  state.rows = db.prepare('SELECT * FROM t').iterate();
  let n = 0;
  for (const _ of state.rows) n++;
  return n;
}
`,
    // Exported after materialization at module top level.
    `
import { MongoClient } from 'mongodb';

await using client = new MongoClient(process.env.MONGO_URL!);
export const users = await client.db('app').collection('users').find().toArray();
`,
    // The pool was closed only on the error path: the success path hands out a live cursor.
    `
import { MongoClient } from 'mongodb';

export async function openCursor(uri: string) {
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
    // A generator that returns a materialized array and yields the cursor's items.
    `
import Database from 'better-sqlite3';

export function* withSummary(file: string) {
  using db = new Database(file);
  yield* db.prepare('SELECT * FROM t').iterate();
  return Array.from(db.prepare('SELECT * FROM totals').iterate());
}
`,
    // Returning the iterator from a nested function that is not the one holding the pool scope
    // and that creates the iterator from its own parameter.
    `
export async function run(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  const make = (p: WorkerPool) => p.imap(work, tasks);
  return await Array.fromAsync(make(pool));
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Returned from a kind-2 pool's try block (node-redis close()).
    {
      code: `
import { createClient } from 'redis';

export async function sessionKeys(url: string) {
  const client = await createClient({ url }).connect();
  try {
    return client.scanIterator({ MATCH: 'sess:*', COUNT: 100 });
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.scanIterator(…)'",
            pool: "pool 'client'",
            escape: 'returned',
            disposal: 'line 9, client.close() in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 64,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.scanIterator(…)'" },
              materialize: "client.scanIterator({ MATCH: 'sess:*', COUNT: 100 })",
            },
          ],
        },
      ],
    },
    // Returned through an alias from the async function.
    {
      code: `
import { ClassicLevel } from 'classic-level';

export async function entries(location: string) {
  await using db = new ClassicLevel(location);
  const it = db.iterator({ gte: 'user:', lt: 'user;' });
  return it;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'it' (from db.iterator(…))",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 8, end of the 'await using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'it'" },
              replace: ['return it;', 'return await Array.fromAsync(it);'],
            },
          ],
        },
      ],
    },
    // A generator's 'return' of a lazy iterator: the caller receives it after disposal.
    {
      code: `
import Database from 'better-sqlite3';

export function* exportRows(file: string) {
  using db = new Database(file, { readonly: true });
  yield db.prepare('SELECT count(*) AS n FROM rows').get();
  return db.prepare('SELECT * FROM rows').iterate();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 8, end of the 'using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM rows').iterate()",
            },
          ],
        },
      ],
    },
    // An async generator's 'return' (not 'yield*') of the iterator.
    {
      code: `
export async function* phases(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  yield 'started';
  return pool.imapUnordered(work, tasks);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imapUnordered(…)'",
            pool: "pool 'pool'",
            escape: 'returned',
            disposal: "line 6, end of the 'await using' block",
          },
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imapUnordered(…)'" },
              materialize: 'pool.imapUnordered(work, tasks)',
            },
          ],
        },
      ],
    },
    // Returned from an async arrow function with a block body.
    {
      code: `
import { MongoClient } from 'mongodb';

export const openChanges = async (uri: string) => {
  await using client = new MongoClient(uri);
  return client.db('app').watch();
};
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).watch()'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: "line 7, end of the 'await using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 34,
          suggestions: [],
        },
      ],
    },
    // Assigned to a module-level binding, never consumed in the function: reported at the assignment.
    {
      code: `
import { MongoClient } from 'mongodb';

let feed: AsyncIterable<unknown> | undefined;

export async function subscribe(uri: string) {
  await using client = new MongoClient(uri);
  feed = client.db('app').collection('events').watch();
}

export async function next() {
  for await (const e of feed!) return e;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).watch()'",
            pool: "client 'client'",
            escape: "assigned to outer 'feed'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 55,
          suggestions: [],
        },
      ],
    },
    // Assigned to an outer binding in a try block and never consumed in the function.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

let current: NodeJS.ReadableStream | undefined;

export async function start(client: PoolClient) {
  try {
    current = client.query(new QueryStream('SELECT * FROM jobs'));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            escape: "assigned to outer 'current'",
            disposal: 'line 11, client.release() in finally',
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 66,
          suggestions: [],
        },
      ],
    },
    // Stored on 'this': the object outlives the method's 'await using' scope.
    {
      code: `
import { MongoClient } from 'mongodb';

export class OrderFeed {
  private cursor?: AsyncIterable<unknown>;

  async open(uri: string) {
    await using client = new MongoClient(uri);
    this.cursor = client.db('shop').collection('orders').find();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            escape: "stored on 'this.cursor'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 64,
          suggestions: [],
        },
      ],
    },
    // Stored on a parameter object in a sync function: only the sync suggestion.
    {
      code: `
import Database from 'better-sqlite3';

export function attachRows(state: { rows?: Iterable<unknown> }, file: string) {
  const db = new Database(file);
  try {
    state.rows = db.prepare('SELECT * FROM t').iterate();
  } finally {
    db.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            escape: "stored on 'state.rows'",
            disposal: 'line 9, db.close() in finally',
          },
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 57,
          suggestions: [],
        },
      ],
    },
    // Module top level: the iterator's const is exported in the declaration.
    {
      code: `
import { ClassicLevel } from 'classic-level';

await using db = new ClassicLevel('./data');
export const userKeys = db.keys({ gte: 'user:' });
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.keys(…)'",
            pool: "database 'db'",
            escape: 'exported',
            disposal: "line 5, end of the module ('await using' at top level)",
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db.keys(…)'" },
              materialize: "db.keys({ gte: 'user:' })",
            },
          ],
        },
      ],
    },
    // One bug, one report: assigned to an outer binding and consumed after the block in the same
    // function is reported at the consumption only (not also at the assignment).
    {
      code: `
import { Redis } from 'ioredis';

export async function keys(url: string) {
  let stream;
  {
    await using redis = connect(url);
    stream = redis.scanStream({ match: 'k:*' });
  }
  return collect(stream);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: "pool 'redis'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 25,
          suggestions: [],
        },
      ],
    },
    // The caller's later consumption of an escaped iterator is not reported again.
    {
      code: `
import { MongoClient } from 'mongodb';

async function openOrders(uri: string) {
  await using client = new MongoClient(uri);
  return client.db('shop').collection('orders').find();
}

export async function main(uri: string) {
  for await (const o of await openOrders(uri)) console.log(o);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: "line 7, end of the 'await using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('shop').collection('orders').find()",
            },
          ],
        },
      ],
    },
    // Returned from a for (using …) iteration inside a function: escapes with the pool of that iteration.
    {
      code: `
import Database from 'better-sqlite3';

export function firstNonEmpty(files: string[]) {
  for (using db of files.map((f) => new Database(f))) {
    if (db.prepare('SELECT count(*) AS n FROM t').get().n > 0) {
      return db.prepare('SELECT * FROM t').iterate();
    }
  }
  return [];
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "pool 'db'",
            escape: 'returned',
            disposal: "line 9, end of each iteration of the 'for (using …)' loop",
          },
          line: 7,
          column: 14,
          endLine: 7,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM t').iterate()",
            },
          ],
        },
      ],
    },
    // Stored on a property of an object from outside the scope and consumed later in the same
    // function: reported once, at the consumption.
    {
      code: `
import Database from 'better-sqlite3';

export function load(file: string) {
  const state: { rows?: Iterable<Row> } = {};
  {
    using db = new Database(file);
    state.rows = db.prepare('SELECT * FROM t').iterate();
  }
  return Array.from(state.rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'state.rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 32,
          suggestions: [],
        },
      ],
    },
    // Stored on a private field of 'this'.
    {
      code: `
import { createClient } from 'redis';

export class KeyScanner {
  #keys?: AsyncIterable<string>;

  async start(url: string) {
    const client = await createClient({ url }).connect();
    try {
      this.#keys = client.scanIterator({ MATCH: 'k:*' });
    } finally {
      await client.quit();
    }
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.scanIterator(…)'",
            pool: "pool 'client'",
            escape: "stored on 'this.#keys'",
            disposal: 'line 12, client.quit() in finally',
          },
          line: 10,
          column: 7,
          endLine: 10,
          endColumn: 57,
          suggestions: [],
        },
      ],
    },
  ]),
});
