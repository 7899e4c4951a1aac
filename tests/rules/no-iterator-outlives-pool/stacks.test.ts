import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Kind 3 pools: bindings adopted by a 'using'-declared DisposableStack or AsyncDisposableStack
// (`const p = stack.use(new Pool())`, `stack.use(p)`, `stack.adopt(p, fn)`, `stack.defer(() => p.close())`).
// They are disposed when the stack's block ends: "by stack 'stack' at the end of its
// 'await using' block".

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Consumed inside the stack's block: the adopted pool is alive.
    `
export async function thumbnails(images: string[]) {
  await using stack = new AsyncDisposableStack();
  const pool = stack.use(new WorkerPool(8));
  for await (const t of pool.imapUnordered(makeThumbnail, images)) await save(t);
}
`,
    // Materialized inside the stack's block: the array may go anywhere.
    `
import { MongoClient } from 'mongodb';

export async function openOrders(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  return await client.db('shop').collection('orders').find({ status: 'open' }).toArray();
}
`,
    // The stack is not 'using'-declared: nothing the rule can see disposes it, so 'client' is no pool.
    `
import { MongoClient } from 'mongodb';

export function openOrders(uri: string, stack: AsyncDisposableStack) {
  const client = stack.use(new MongoClient(uri));
  return client.db('shop').collection('orders').find({ status: 'open' });
}
`,
    // 'stack.defer' with a callback that does not dispose the client: the client is not adopted.
    `
import { MongoClient } from 'mongodb';

export async function users(client: MongoClient) {
  await using stack = new AsyncDisposableStack();
  stack.defer(() => console.log('query done'));
  return client.db('app').collection('users').find();
}
`,
    // 'stack.defer' with a guarded close: error-path cleanup, no disposal point.
    `
import { MongoClient } from 'mongodb';

export async function users(client: MongoClient, owned: boolean) {
  await using stack = new AsyncDisposableStack();
  stack.defer(async () => {
    if (owned) await client.close();
  });
  return client.db('app').collection('users').find();
}
`,
    // An async generator holding the stack yields the items: its scope stays alive while it is suspended.
    `
import { MongoClient } from 'mongodb';

export async function* users(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  yield* client.db('app').collection('users').find();
}
`,
    // An eager call on an adopted worker pool: 'await pool.map(…)' resolves to an array.
    `
export async function resize(images: string[]) {
  await using stack = new AsyncDisposableStack();
  const pool = stack.use(new WorkerPool(4));
  return await pool.map(resizeImage, images);
}
`,
    // A TypeORM query runner adopted by the stack: 'await qr.manager.find(User)' is plain data.
    `
import { DataSource } from 'typeorm';
import { User } from './entities.js';

export async function users(ds: DataSource) {
  await using stack = new AsyncDisposableStack();
  const qr = ds.createQueryRunner();
  stack.defer(() => qr.release());
  const users = await qr.manager.find(User);
  return users;
}
`,
    // The cursor is made and drained inside the block; only the count leaves it.
    `
import { MongoClient } from 'mongodb';

export async function countLarge(uri: string) {
  let n = 0;
  {
    await using stack = new AsyncDisposableStack();
    const client = stack.use(new MongoClient(uri));
    for await (const doc of client.db('app').collection('files').find({ size: { $gt: 1e6 } })) n += doc.size > 0 ? 1 : 0;
  }
  return n;
}
`,
    // The stack is moved out ('stack.move()') only after the iterator has been drained in scope.
    `
import Database from 'better-sqlite3';

export function load(file: string) {
  using stack = new DisposableStack();
  const db = stack.use(new Database(file));
  const names = Array.from(db.prepare('SELECT name FROM t').iterate());
  return { names, keep: stack.move() };
}
`,
    // The iterator comes from a client the stack never adopted (only a logger is adopted).
    `
import { MongoClient } from 'mongodb';

export async function users(client: MongoClient, logger: Disposable) {
  using stack = new DisposableStack();
  stack.use(logger);
  return client.db('app').collection('users').find();
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // The opening example with a stack: the pool adopted by 'stack.use(new …)' is disposed with the
    // stack's block, and its imapUnordered() results are pulled after it.
    {
      code: `
export async function thumbnails(images: string[]) {
  let results: AsyncIterable<Thumbnail>;
  {
    await using stack = new AsyncDisposableStack();
    const pool = stack.use(new WorkerPool(8));
    results = pool.imapUnordered(makeThumbnail, images);
  }
  for await (const t of results) await save(t);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imapUnordered(…))",
            pool: "pool 'pool'",
            disposal: "line 8, by stack 'stack' at the end of its 'await using' block",
          },
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 32,
          suggestions: [],
        },
      ],
    },
    // 'stack.use(client)' adopts an existing MongoClient; the cursor is returned while the stack will close it.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function openOrders(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = new MongoClient(uri);
  stack.use(client);
  await client.connect();
  return client.db('shop').collection('orders').find({ status: 'open' });
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find(…)'",
            pool: "client 'client'",
            disposal: "line 10, by stack 'stack' at the end of its 'await using' block",
            escape: 'returned',
          },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              materialize: "client.db('shop').collection('orders').find({ status: 'open' })",
            },
          ],
        },
      ],
    },
    // 'stack.adopt(db, fn)' adopts a knex instance that has no dispose symbol; the stream outlives destroy().
    {
      code: `
import knex from 'knex';

export async function auditTrail(config: knex.Knex.Config) {
  let rows;
  {
    await using stack = new AsyncDisposableStack();
    const db = stack.adopt(knex(config), (k) => k.destroy());
    rows = db('audit').where('level', 'warn').stream();
  }
  for await (const row of rows) console.log(row);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db(…).where(…).stream())",
            pool: "database 'db'",
            disposal: "line 10, by stack 'stack' at the end of its 'await using' block",
          },
          line: 11,
          column: 27,
          endLine: 11,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'db(…).where(…).stream()'" },
              materialize: "db('audit').where('level', 'warn').stream()",
            },
          ],
        },
      ],
    },
    // 'stack.adopt(redis, …)' with the pool passed by name: the scan stream escapes by return.
    {
      code: `
import { Redis } from 'ioredis';

export async function sessionKeys(url: string) {
  await using stack = new AsyncDisposableStack();
  const redis = new Redis(url);
  stack.adopt(redis, async (r) => {
    await r.quit();
  });
  return redis.scanStream({ match: 'sess:*' });
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'redis.scanStream(…)'",
            pool: "client 'redis'",
            disposal: "line 11, by stack 'stack' at the end of its 'await using' block",
            escape: 'returned',
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'redis.scanStream(…)'" },
              materialize: "redis.scanStream({ match: 'sess:*' })",
            },
          ],
        },
      ],
    },
    // 'stack.defer(() => client.close())' with an expression body makes 'client' a kind 3 pool.
    {
      code: `
import { createClient } from 'redis';

export async function jobKeys(url: string) {
  await using stack = new AsyncDisposableStack();
  const client = await createClient({ url }).connect();
  stack.defer(() => client.close());
  return client.scanIterator({ MATCH: 'job:*' });
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.scanIterator(…)'",
            pool: "pool 'client'",
            disposal: "line 9, by stack 'stack' at the end of its 'await using' block",
            escape: 'returned',
          },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.scanIterator(…)'" },
              materialize: "client.scanIterator({ MATCH: 'job:*' })",
            },
          ],
        },
      ],
    },
    // 'stack.defer(async () => { await pg.end(); })' with a block body: the QueryStream is read after the block.
    {
      code: `
import pg from 'pg';
import QueryStream from 'pg-query-stream';

export async function exportEvents(out: NodeJS.WritableStream) {
  let stream;
  {
    await using stack = new AsyncDisposableStack();
    const client = new pg.Client();
    await client.connect();
    stack.defer(async () => {
      await client.end();
    });
    stream = client.query(new QueryStream('SELECT * FROM events'));
  }
  stream.pipe(out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from client.query(…))",
            pool: "client 'client'",
            disposal: "line 15, by stack 'stack' at the end of its 'await using' block",
          },
          line: 16,
          column: 3,
          endLine: 16,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    // A synchronous 'using' DisposableStack adopting a better-sqlite3 database: the iterator is returned.
    {
      code: `
import Database from 'better-sqlite3';

export function feed(file: string) {
  using stack = new DisposableStack();
  const db = stack.use(new Database(file, { readonly: true }));
  return db.prepare('SELECT * FROM feed ORDER BY at DESC').iterate();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 8, by stack 'stack' at the end of its 'using' block",
            escape: 'returned',
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM feed ORDER BY at DESC').iterate()",
            },
          ],
        },
      ],
    },
    // 'stack.use(await open(path))': the adopted FileHandle's readLines() escapes.
    {
      code: `
import { open } from 'node:fs/promises';

export async function lines(path: string) {
  await using stack = new AsyncDisposableStack();
  const fh = stack.use(await open(path));
  return fh.readLines();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'fh.readLines()'",
            pool: "file handle 'fh'",
            disposal: "line 8, by stack 'stack' at the end of its 'await using' block",
            escape: 'returned',
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'fh.readLines()'" },
              materialize: 'fh.readLines()',
            },
          ],
        },
      ],
    },
    // An iterator assigned to an outer binding in the stack's block and never consumed in the function escapes.
    {
      code: `
import { MongoClient } from 'mongodb';

let pending: AsyncIterable<unknown> | undefined;

export async function prepare(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  pending = client.db('app').collection('jobs').find({ state: 'queued' });
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find(…)'",
            pool: "client 'client'",
            disposal: "line 10, by stack 'stack' at the end of its 'await using' block",
            escape: "assigned to outer 'pending'",
          },
          line: 9,
          column: 3,
          endLine: 9,
          endColumn: 74,
          suggestions: [],
        },
      ],
    },
    // Stored on 'this' from a method whose stack disposes the client.
    {
      code: `
import { MongoClient } from 'mongodb';

export class Tail {
  changes: unknown;
  async start(uri: string) {
    await using stack = new AsyncDisposableStack();
    const client = stack.use(new MongoClient(uri));
    this.changes = client.db('app').collection('inventory').watch();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).watch()'",
            pool: "client 'client'",
            disposal: "line 10, by stack 'stack' at the end of its 'await using' block",
            escape: "stored on 'this.changes'",
          },
          line: 9,
          column: 5,
          endLine: 9,
          endColumn: 68,
          suggestions: [],
        },
      ],
    },
    // A pool created before the stack's block and adopted inside it dies with the block; the
    // pMapIterable() results are pulled after.
    {
      code: `
import Piscina from 'piscina';
import { pMapIterable } from 'p-map';

export async function hashes(files: string[]) {
  const pool = new Piscina({ filename: new URL('./hash.js', import.meta.url).href });
  let results;
  {
    await using stack = new AsyncDisposableStack();
    stack.use(pool);
    results = pMapIterable(files, (f) => pool.run(f), { concurrency: 4 });
  }
  for await (const h of results) console.log(h);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pMapIterable(…))",
            pool: "worker pool 'pool'",
            disposal: "line 12, by stack 'stack' at the end of its 'await using' block",
          },
          line: 13,
          column: 25,
          endLine: 13,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              materialize: 'pMapIterable(files, (f) => pool.run(f), { concurrency: 4 })',
            },
          ],
        },
      ],
    },
    // A timer callback created in the stack's block consumes the cursor after the block.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function reportLater(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  const cursor = client.db('app').collection('metrics').find();
  setTimeout(async () => {
    for await (const m of cursor) console.log(m);
  }, 5000);
}
`,
      errors: [
        {
          messageId: 'consumedLater',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: "line 11, by stack 'stack' at the end of its 'await using' block",
            callback: 'a setTimeout callback',
          },
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 33,
        },
      ],
    },
    // 'void drain(…)' in the stack's block: the drain runs past the stack's disposal.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

export async function dump(uri: string) {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  void drain(client.db('app').collection('logs').find());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 12, by stack 'stack' at the end of its 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 11,
          column: 8,
          endLine: 11,
          endColumn: 57,
        },
      ],
    },
    // Two pools on one stack: each iterator is judged against its own adopted pool.
    {
      code: `
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';

export async function snapshot(mongoUrl: string, redisUrl: string) {
  let users, keys;
  {
    await using stack = new AsyncDisposableStack();
    const mongo = stack.use(new MongoClient(mongoUrl));
    const redis = stack.adopt(new Redis(redisUrl), (r) => r.disconnect());
    users = mongo.db('app').collection('users').find();
    keys = redis.scanStream();
  }
  for await (const u of users) console.log(u);
  for await (const k of keys) console.log(k);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from mongo.db(…).collection(…).find())",
            pool: "client 'mongo'",
            disposal: "line 13, by stack 'stack' at the end of its 'await using' block",
          },
          line: 14,
          column: 25,
          endLine: 14,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'mongo.db(…).collection(…).find()'" },
              materialize: "mongo.db('app').collection('users').find()",
            },
          ],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'keys' (from redis.scanStream())",
            pool: "client 'redis'",
            disposal: "line 13, by stack 'stack' at the end of its 'await using' block",
          },
          line: 15,
          column: 25,
          endLine: 15,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'redis.scanStream()'" },
              materialize: 'redis.scanStream()',
            },
          ],
        },
      ],
    },
    // A stack in an inner block of a longer function: consumption after the inner block is reported
    // even though the function goes on.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function report(file: string, log: (line: string) => void) {
  let rows;
  if (file.endsWith('.db')) {
    using stack = new DisposableStack();
    const db = stack.use(new DatabaseSync(file));
    rows = db.prepare('SELECT name FROM users').iterate();
  }
  log('users:');
  for (const row of rows ?? []) log(String(row));
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows ?? []' (from db.prepare(…).iterate())",
            pool: "pool 'db'",
            disposal: "line 10, by stack 'stack' at the end of its 'using' block",
          },
          line: 12,
          column: 21,
          endLine: 12,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT name FROM users').iterate()",
            },
          ],
        },
      ],
    },
    // The stack's block is an async arrow's body: the cursor (through the non-lazy '.limit(…)') is
    // returned from it.
    {
      code: `
import { MongoClient } from 'mongodb';

export const activeUsers = async (uri: string) => {
  await using stack = new AsyncDisposableStack();
  const client = stack.use(new MongoClient(uri));
  const users = client.db('app').collection('users');
  return users.find({ active: true }).limit(100);
};
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'users.find(…).limit(…)'",
            pool: "client 'client'",
            disposal: "line 9, by stack 'stack' at the end of its 'await using' block",
            escape: 'returned',
          },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'users.find(…).limit(…)'" },
              materialize: 'users.find({ active: true }).limit(100)',
            },
          ],
        },
      ],
    },
    // 'stack.adopt' of an abstract-level database: keys() consumed with spread after the block.
    {
      code: `
import { MemoryLevel } from 'memory-level';

export async function allKeys() {
  let keys;
  {
    await using stack = new AsyncDisposableStack();
    const db = stack.adopt(new MemoryLevel(), (d) => d.close());
    keys = db.keys({ limit: 50 });
  }
  return Array.fromAsync(keys);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'keys' (from db.keys(…))",
            pool: "pool 'db'",
            disposal: "line 10, by stack 'stack' at the end of its 'await using' block",
          },
          line: 11,
          column: 10,
          endLine: 11,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db.keys(…)'" },
              materialize: 'db.keys({ limit: 50 })',
            },
          ],
        },
      ],
    },
    // A stack declared in a loop body dies at the end of each iteration: the last iteration's
    // iterator is consumed after the loop.
    {
      code: `
export async function lastGroup(groups: Task[][]) {
  let last;
  for (const group of groups) {
    await using stack = new AsyncDisposableStack();
    const pool = stack.use(new WorkerPool(2));
    last = pool.imap(work, group);
  }
  return last ? await Array.fromAsync(last) : [];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'last' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 8, by stack 'stack' at the end of its 'await using' block",
          },
          line: 9,
          column: 23,
          endLine: 9,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(work, group)',
            },
          ],
        },
      ],
    },
  ]),
});
