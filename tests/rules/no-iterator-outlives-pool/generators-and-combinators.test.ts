import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Generator objects and lazy combinators. A generator object made in the scope by a generator
// function that uses the pool (or a lazy iterator of it) is lazy; so is a combinator applied to a lazy
// iterator (`.map`, `.filter`, `.take`, `.drop`, `.flatMap`, `.pipe(…)`, `stream.compose(…)`,
// `Readable.from(it)`), the result of a lazy function such as `pMapIterable(files, (f) => pool.run(f))`,
// and node-postgres' `client.query(new QueryStream(sql))` / `new Cursor(sql)`.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The generator object is consumed in the scope.
    `
export async function doubledSquares(xs: number[]) {
  await using pool = new WorkerPool(4);
  async function* doubled() {
    for await (const x of pool.imap(square, xs)) yield x * 2;
  }
  const out = [];
  for await (const x of doubled()) out.push(x);
  return out;
}
`,
    // The contract's example: a generator function whose own scope holds the pool yields its items.
    `
export async function* squares(xs: number[]) {
  await using p = new WorkerPool(4);
  yield* p.imap(square, xs);
}
`,
    // A generator function defined in the scope but never called there: nothing is made.
    `
export async function noop(xs: number[]) {
  await using pool = new WorkerPool(4);
  async function* doubled() {
    for await (const x of pool.imap(square, xs)) yield x * 2;
  }
  console.log(typeof doubled);
}
`,
    // A generator that does not use the pool is not tied to it.
    `
export async function counter(xs: number[]) {
  await using pool = new WorkerPool(4);
  await pool.run(warmUp);
  function* count() {
    for (let i = 0; i < xs.length; i++) yield i;
  }
  return count();
}
`,
    // '.map' on a plain array is not a combinator of a lazy iterator.
    `
export async function squares(xs: number[]) {
  await using pool = new WorkerPool(4);
  const results = await pool.map(square, xs);
  return results.map((x: number) => x * 2);
}
`,
    // Materialized after the combinator, inside the scope.
    `
export async function doubled(xs: number[]) {
  await using pool = new WorkerPool(4);
  return await Array.fromAsync(pool.imap(square, xs).map((x: number) => x * 2));
}
`,
    // 'Readable.from' over an array already read in the scope.
    `
import { Readable } from 'node:stream';
import { MongoClient } from 'mongodb';

export async function usersStream(uri: string) {
  await using client = new MongoClient(uri);
  const users = await client.db('app').collection('users').find().toArray();
  return Readable.from(users);
}
`,
    // pMapIterable whose callback does not use the pool is not the pool's iterator.
    `
import { pMapIterable } from 'p-map';
import { readFile } from 'node:fs/promises';

export async function contents(files: string[]) {
  await using pool = new WorkerPool(4);
  await pool.run(warmUp);
  return pMapIterable(files, (f) => readFile(f, 'utf8'));
}
`,
    // pMapIterable consumed in the scope.
    `
import Piscina from 'piscina';
import { pMapIterable } from 'p-map';

export async function hashes(files: string[]) {
  await using pool = new Piscina({ filename: new URL('./hash.js', import.meta.url).href });
  for await (const h of pMapIterable(files, (f) => pool.run(f))) console.log(h);
}
`,
    // A QueryStream piped with 'await pipeline(…)' before release.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream/promises';

export async function copy(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    await pipeline(client.query(new QueryStream('SELECT * FROM events')), out);
  } finally {
    client.release();
  }
}
`,
    // 'client.query(sql)' without a QueryStream or Cursor resolves to a result, not a stream.
    `
import type { PoolClient } from 'pg';

export async function count(client: PoolClient) {
  try {
    return client.query('SELECT count(*) FROM events');
  } finally {
    client.release();
  }
}
`,
    // A pg Cursor read in the scope: 'cursor.read(n)' resolves to rows.
    `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function firstPage(client: PoolClient) {
  try {
    const cursor = client.query(new Cursor('SELECT * FROM big_table'));
    const rows = await cursor.read(100);
    await cursor.close();
    return rows;
  } finally {
    client.release();
  }
}
`,
    // A '.pipe(res)' whose end is awaited in the scope.
    `
import { open } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';

export async function send(path: string, res: ServerResponse) {
  await using fh = await open(path);
  await finished(fh.createReadStream().pipe(res));
}
`,
    // A sync generator consumed by 'Array.from' in the scope.
    `
import Database from 'better-sqlite3';

export function names(file: string) {
  using db = new Database(file);
  function* only() {
    for (const row of db.prepare('SELECT name FROM users').iterate()) yield (row as { name: string }).name;
  }
  return Array.from(only());
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // The contract's example: a generator object over the pool's imap is returned from the using block.
    {
      code: `
export async function doubledSquares(xs: number[]) {
  await using pool = new WorkerPool(4);
  async function* doubled() {
    for await (const x of pool.imap(square, xs)) yield x * 2;
  }
  return doubled();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'doubled()' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 8, end of the 'await using' block",
            escape: 'returned',
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'doubled()'" },
              replace: ['return doubled();', 'return await Array.fromAsync(doubled());'],
            },
          ],
        },
      ],
    },
    // A generator that uses a lazy iterator of the pool (not the pool itself) is lazy too.
    {
      code: `
import Database from 'better-sqlite3';

export function names(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT name FROM users').iterate();
  function* only() {
    for (const row of rows) yield (row as { name: string }).name;
  }
  return only();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'only()' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 11, end of the 'using' block",
            escape: 'returned',
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'only()'" },
              replace: ['return only();', 'return Array.from(only());'],
              // A generator object: typed 'Generator', so offered in the typed run too.
              typed: true,
            },
          ],
        },
      ],
    },
    // A generator object consumed after the block.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function emails(uri: string) {
  let gen;
  {
    await using client = new MongoClient(uri);
    const users = client.db('app').collection('users');
    async function* addresses() {
      for await (const u of users.find()) yield u.email;
    }
    gen = addresses();
  }
  for await (const e of gen) console.log(e);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'gen' (from users.find())",
            pool: "client 'client'",
            disposal: "line 13, end of the 'await using' block",
          },
          line: 14,
          column: 25,
          endLine: 14,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'addresses()'" },
              replace: ['gen = addresses();', 'gen = await Array.fromAsync(addresses());'],
            },
          ],
        },
      ],
    },
    // A generator function expression held in a const, called in the scope, returned.
    {
      code: `
import { open } from 'node:fs/promises';

export async function nonEmpty(path: string) {
  await using fh = await open(path);
  const lines = async function* () {
    for await (const line of fh.readLines()) if (line.trim()) yield line;
  };
  return lines();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'lines()' (from fh.readLines())",
            pool: "file handle 'fh'",
            disposal: "line 10, end of the 'await using' block",
            escape: 'returned',
          },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'lines()'" },
              materialize: 'lines()',
            },
          ],
        },
      ],
    },
    // '.map' on the lazy iterator: the whole chain escapes and the suggestion wraps it.
    {
      code: `
export async function doubled(xs: number[]) {
  await using pool = new WorkerPool(4);
  return pool.imap(square, xs).map((x: number) => x * 2);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…).map(…)'",
            pool: "pool 'pool'",
            disposal: "line 5, end of the 'await using' block",
            escape: 'returned',
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…).map(…)'" },
              materialize: 'pool.imap(square, xs).map((x: number) => x * 2)',
            },
          ],
        },
      ],
    },
    // '.filter' on the lazy iterator, consumed after the block.
    {
      code: `
import Database from 'better-sqlite3';

export function active(file: string) {
  let rows;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM users').iterate().filter((u: any) => u.active);
  }
  for (const u of rows) console.log(u);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 23,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate().filter(…)'" },
              materialize: "db.prepare('SELECT * FROM users').iterate().filter((u: any) => u.active)",
            },
          ],
        },
      ],
    },
    // '.take(n)' keeps it lazy: spread after the block.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function firstTen(file: string) {
  let top;
  {
    using db = new DatabaseSync(file);
    top = db.prepare('SELECT * FROM scores ORDER BY score DESC').iterate().take(10);
  }
  return [...top];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'top' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block",
          },
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate().take(…)'" },
              materialize: "db.prepare('SELECT * FROM scores ORDER BY score DESC').iterate().take(10)",
            },
          ],
        },
      ],
    },
    // '.drop(1).flatMap(…)' chain returned from the using block.
    {
      code: `
import { createClient } from 'redis';

export async function members(url: string) {
  await using client = await createClient({ url }).connect();
  return client.sScanIterator('teams').drop(1).flatMap((batch: string[]) => batch);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.sScanIterator(…).drop(…).flatMap(…)'",
            pool: "pool 'client'",
            disposal: "line 7, end of the 'await using' block",
            escape: 'returned',
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 83,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.sScanIterator(…).drop(…).flatMap(…)'" },
              materialize: "client.sScanIterator('teams').drop(1).flatMap((batch: string[]) => batch)",
            },
          ],
        },
      ],
    },
    // '.pipe(transform)' on a pool's stream returns another lazy stream.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { stringify } from 'csv-stringify';

export function eventsCsv(client: PoolClient) {
  try {
    return client.query(new QueryStream('SELECT * FROM events')).pipe(stringify({ header: true }));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.query(…).pipe(…)'",
            pool: "client 'client'",
            disposal: 'line 10, client.release() in finally',
            escape: 'returned',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 99,
          suggestions: [],
        },
      ],
    },
    // 'stream.compose(…)' over a knex stream, consumed after destroy().
    {
      code: `
import knex from 'knex';
import { Transform } from 'node:stream';

export async function upper(config: knex.Knex.Config, toJson: Transform) {
  const db = knex(config);
  let out;
  try {
    out = db('events').select('*').stream().compose(toJson);
  } finally {
    await db.destroy();
  }
  for await (const chunk of out) process.stdout.write(chunk);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'out' (from db(…).select(…).stream())",
            pool: "database 'db'",
            disposal: 'line 11, db.destroy() in finally',
          },
          line: 13,
          column: 29,
          endLine: 13,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db(…).select(…).stream().compose(…)'" },
              materialize: "db('events').select('*').stream().compose(toJson)",
            },
          ],
        },
      ],
    },
    // 'Readable.from(it)' wraps the lazy iterator: still lazy, returned.
    {
      code: `
import { Readable } from 'node:stream';
import { MongoClient } from 'mongodb';

export async function usersStream(uri: string) {
  await using client = new MongoClient(uri);
  return Readable.from(client.db('app').collection('users').find());
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'Readable.from(…)' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: "line 8, end of the 'await using' block",
            escape: 'returned',
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 68,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'Readable.from(…)'" },
              materialize: "Readable.from(client.db('app').collection('users').find())",
            },
          ],
        },
      ],
    },
    // pMapIterable over a worker pool: consumed after the pool's block.
    {
      code: `
import Piscina from 'piscina';
import { pMapIterable } from 'p-map';

export async function hashes(files: string[]) {
  let results;
  {
    await using pool = new Piscina({ filename: new URL('./hash.js', import.meta.url).href });
    results = pMapIterable(files, (f) => pool.run(f));
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
              materialize: 'pMapIterable(files, (f) => pool.run(f))',
            },
          ],
        },
      ],
    },
    // pMapIterable with options, the pool closed in finally: the iterator is returned.
    {
      code: `
import { pMapIterable } from 'p-map';
import Tinypool from 'tinypool';

export function thumbnails(images: string[]) {
  const pool = new Tinypool({ filename: new URL('./thumb.js', import.meta.url).href });
  try {
    return pMapIterable(images, (img) => pool.run(img), { concurrency: 4, backpressure: 8 });
  } finally {
    void pool.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pMapIterable(…)'",
            pool: "pool 'pool'",
            disposal: 'line 10, pool.destroy() in finally',
            escape: 'returned',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 93,
          suggestions: [],
        },
      ],
    },
    // 'client.query(new Cursor(sql))' returned after release in finally.
    {
      code: `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export function openCursor(client: PoolClient) {
  try {
    return client.query(new Cursor('SELECT * FROM big_table'));
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
            disposal: 'line 9, client.release() in finally',
            escape: 'returned',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 63,
          suggestions: [],
        },
      ],
    },
    // A QueryStream piped after the client's release.
    {
      code: `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function copy(pool: Pool, out: NodeJS.WritableStream) {
  const client = await pool.connect();
  let stream;
  try {
    stream = client.query(new QueryStream('SELECT * FROM events', [], { batchSize: 500 }));
  } finally {
    client.release();
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
            disposal: 'line 11, client.release() in finally',
          },
          line: 13,
          column: 3,
          endLine: 13,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    // A combinator on an aliased iterator: the alias chain is followed.
    {
      code: `
import { Redis } from 'ioredis';

export async function keys(url: string) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'k:*' });
    const counted = stream.map((batch: string[]) => batch.length);
    return counted;
  } finally {
    await redis.quit();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'counted' (from redis.scanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 11, redis.quit() in finally',
            escape: 'returned',
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'counted'" },
              replace: ['return counted;', 'return await Array.fromAsync(counted);'],
            },
          ],
        },
      ],
    },
    // 'yield*' of a generator object made in an inner block, after that block has disposed the pool.
    {
      code: `
export function* squaresOf(xs: number[]) {
  let gen;
  {
    using pool = new SyncPool(2);
    function* inner() {
      yield* pool.imap(square, xs);
    }
    gen = inner();
  }
  yield* gen;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'gen' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 10, end of the 'using' block",
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 13,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'inner()'" },
              replace: ['gen = inner();', 'gen = Array.from(inner());'],
              // A generator object: typed 'Generator', so offered in the typed run too.
              typed: true,
            },
          ],
        },
      ],
    },
  ]),
});
