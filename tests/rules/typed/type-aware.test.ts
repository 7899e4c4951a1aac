import path from 'node:path';
import { NamedRuleTester as RuleTester } from '../rule-tester.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

const fixtures = path.join(import.meta.dirname, '../../fixtures/typed');

const typed = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtures } },
});
const syntactic = new RuleTester();

const farmResults = `
import { Farm } from './worker-farm.js';
export async function load(jobs: number[]) {
  await using farm = new Farm(4);
  return farm.results(jobs);
}
`;

typed.run('no-iterator-outlives-pool (type-aware)', rule, {
  valid: [
    // \`all()\` resolves to an array: eager, whatever its name.
    `
import { Farm } from './worker-farm.js';
export async function load(jobs: number[]) {
  await using farm = new Farm(4);
  return farm.all(jobs);
}
`,
    // \`imap\` is a default lazy name, but its type is Promise<T[]>: types beat names.
    `
import { Farm } from './worker-farm.js';
export async function load(jobs: number[]) {
  await using farm = new Farm(4);
  return farm.imap(jobs);
}
`,
    // A helper given the pool that resolves to a number is not lazy.
    `
import { MongoClient } from './mongo-like.js';
import { countOf } from './helpers.js';
export async function users() {
  const session = new MongoClient('mongodb://db');
  try {
    return countOf(session, 'users');
  } finally {
    await session.close();
  }
}
`,
    // A helper that resolves to an array is eager.
    `
import { MongoClient } from './mongo-like.js';
import { firstRows } from './helpers.js';
export async function users() {
  const session = new MongoClient('mongodb://db');
  try {
    return firstRows(session, 'users');
  } finally {
    await session.close();
  }
}
`,
    // The helper's promise is awaited inside the scope.
    `
import { MongoClient } from './mongo-like.js';
import { drainAll, rowsOf } from './helpers.js';
export async function count() {
  await using session = new MongoClient('mongodb://db');
  return await drainAll(rowsOf(session, 'users'));
}
`,
    // An invented lazy name consumed inside the scope.
    `
import { Farm } from './worker-farm.js';
export async function sum(jobs: number[]) {
  await using farm = new Farm(4);
  let total = 0;
  for await (const r of farm.results(jobs)) total += r;
  return total;
}
`,
    // node-postgres: a plain query resolves to a result object, not a stream.
    `
import { Pool } from './pg-like.js';
export async function rows(pool: Pool) {
  const client = await pool.connect();
  try {
    return client.query('select 1');
  } finally {
    client.release();
  }
}
`,
    // better-sqlite3: all() is an array.
    `
import { Database } from './sqlite-like.js';
export function orders() {
  using db = new Database('shop.db');
  return db.prepare<{ id: number }>('select id from orders').all();
}
`,
    // Untyped values (any) fall back to names: \`results\` is no lazy name.
    `
declare const make: any;
export async function load() {
  await using farm = make();
  return farm.results([1]);
}
`,
    // A Node stream's own 'readable' is a boolean, not the lazy property of the same name.
    `
import { createReadStream } from 'node:fs';
export function isOpen(path: string) {
  const stream = createReadStream(path);
  try {
    return stream.readable;
  } finally {
    stream.destroy();
  }
}
`,
  ],
  // The typed fixtures' lib (ES2023) has no 'Array.fromAsync': no suggestion uses it here (suggestions.test.ts has the twin).
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      // The lazy property 'readable' whose type is a web ReadableStream.
      code: `
import { open } from './deno-like.js';
export async function body(path: string) {
  using file = await open(path);
  return file.readable;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 10,
          data: { iterator: "'file.readable'", pool: "pool 'file'", escape: 'returned', disposal: "line 6, end of the 'using' block" },
          suggestions: [],
        },
      ],
    },
    {
      // Any call given a lazy value whose result type is lazy wraps it: the lines are read later.
      code: `
import { linesOf, open } from './deno-like.js';
export async function lines(path: string) {
  using file = await open(path);
  return linesOf(file.readable);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 10,
          data: { iterator: "'linesOf(…)' (from file.readable)", pool: "pool 'file'", escape: 'returned', disposal: "line 6, end of the 'using' block" },
          suggestions: [],
        },
      ],
    },
    {
      // An invented method name, found lazy by its type.
      code: farmResults,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 10,
          data: {
            iterator: "'farm.results(…)'",
            pool: "pool 'farm'",
            escape: 'returned',
            disposal: "line 6, end of the 'await using' block",
          },
          suggestions: [],
        },
      ],
    },
    {
      // A helper in another module given the pool returns an AsyncIterable.
      code: `
import { MongoClient } from './mongo-like.js';
import { rowsOf } from './helpers.js';
export async function users() {
  const session = new MongoClient('mongodb://db');
  try {
    return rowsOf(session, 'users');
  } finally {
    await session.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 7,
          column: 12,
          data: { iterator: "'rowsOf(…)'", pool: "pool 'session'", escape: 'returned', disposal: 'line 9, session.close() in finally' },
          suggestions: [],
        },
      ],
    },
    {
      // Typed: an awaited find() still resolves to a cursor, so it is lazy.
      code: `
import { MongoClient } from './mongo-like.js';
export async function names() {
  let cursor;
  {
    await using client = new MongoClient('mongodb://db');
    cursor = await client.db().collection('users').find();
  }
  for await (const user of cursor) console.log(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 9,
          column: 28,
          data: {
            iterator: "'cursor' (from client.db().collection(…).find())",
            pool: "pool 'client'",
            disposal: "line 8, end of the 'await using' block",
          },
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'await client.db().collection(…).find()'" },
              output: `
import { MongoClient } from './mongo-like.js';
export async function names() {
  let cursor;
  {
    await using client = new MongoClient('mongodb://db');
    cursor = await (await client.db().collection('users').find()).toArray();
  }
  for await (const user of cursor) console.log(user);
}
`,
            },
          ],
        },
      ],
    },
    {
      // A generator-typed method with an invented name, consumed after the block.
      code: `
import { Farm } from './worker-farm.js';
export async function queue() {
  let pending;
  {
    await using farm = new Farm(2);
    pending = farm.drainQueue();
  }
  return [...pending];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 9,
          column: 11,
          data: { iterator: "'pending' (from farm.drainQueue())", pool: "pool 'farm'", disposal: "line 8, end of the 'await using' block" },
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'farm.drainQueue()'" },
              output: `
import { Farm } from './worker-farm.js';
export async function queue() {
  let pending;
  {
    await using farm = new Farm(2);
    pending = Array.from(farm.drainQueue());
  }
  return [...pending];
}
`,
            },
          ],
        },
      ],
    },
    {
      // A Readable subclass (pg-query-stream) is lazy by type.
      code: `
import { Pool, QueryStream } from './pg-like.js';
export async function stream(pool: Pool) {
  const client = await pool.connect();
  let rows;
  try {
    rows = client.query(new QueryStream('select * from events'));
  } finally {
    client.release();
  }
  rows.on('data', console.log);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 11,
          column: 3,
          data: { iterator: "'rows' (from client.query(…))", pool: "pool 'client'", disposal: 'line 9, client.release() in finally' },
          suggestions: [],
        },
      ],
    },
    {
      // Typed "not awaited": a consumer from another module that returns a promise.
      code: `
import { MongoClient } from './mongo-like.js';
import { drainAll, rowsOf } from './helpers.js';
export async function count() {
  await using session = new MongoClient('mongodb://db');
  void drainAll(rowsOf(session, 'users'));
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 6,
          column: 8,
          data: {
            consumer: "'drainAll(…)'",
            iterator: "'rowsOf(…)'",
            pool: "pool 'session'",
            disposal: "line 7, end of the 'await using' block",
          },
        },
      ],
    },
    {
      // Untyped values fall back to names: \`imap\` is lazy.
      code: `
declare const make: any;
export async function load() {
  await using farm = make();
  return farm.imap([1]);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 10,
          data: { iterator: "'farm.imap(…)'", pool: "pool 'farm'", escape: 'returned', disposal: "line 6, end of the 'await using' block" },
          suggestions: [],
        },
      ],
    },
  ]),
});

// A pool whose driver is known from its declared type only is named by the driver's noun, as without
// types (pool-nouns.test.ts): the drivers' own type declarations resolve here.
typed.run('no-iterator-outlives-pool (type-aware): pools named by their declared driver type', rule, {
  valid: [],
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      code: `
import type { PoolConnection } from 'mysql2/promise';
export async function rows(conn: PoolConnection, sql: string) {
  let stream;
  try {
    stream = conn.connection.query(sql).stream();
  } finally {
    conn.release();
  }
  stream.pipe(process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 10,
          column: 3,
          data: { iterator: "'stream' (from conn.connection.query(…).stream())", pool: "connection 'conn'", disposal: 'line 8, conn.release() in finally' },
          suggestions: [],
        },
      ],
    },
    {
      code: `
import type { MongoClient } from 'mongodb';
export async function users(client: MongoClient) {
  try {
    return client.db('app').collection('users').find();
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 12,
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 7, client.close() in finally',
          },
          suggestions: [{ messageId: 'materializeWithToArray', data: { expression: "'client.db(…).collection(…).find()'" }, materialize: "client.db('app').collection('users').find()" }],
        },
      ],
    },
    {
      code: `
import type { Knex } from 'knex';
export async function events(db: Knex) {
  try {
    return db('events').stream();
  } finally {
    await db.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 12,
          data: { iterator: "'db(…).stream()'", pool: "database 'db'", escape: 'returned', disposal: 'line 7, db.destroy() in finally' },
          suggestions: [{ messageId: 'materializeWithToArray', data: { expression: "'db(…).stream()'" }, materialize: "db('events').stream()" }],
        },
      ],
    },
    {
      code: `
import { request, type Dispatcher } from 'undici';
export async function get(url: string, dispatcher: Dispatcher) {
  try {
    return (await request(url, { dispatcher })).body;
  } finally {
    await dispatcher.destroy();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 12,
          data: {
            iterator: "'(await request(…)).body' (from request(…))",
            pool: "dispatcher 'dispatcher'",
            escape: 'returned',
            disposal: 'line 7, dispatcher.destroy() in finally',
          },
          suggestions: [],
        },
      ],
    },
    {
      code: `
import type { Redis } from 'ioredis';
export function keys(redis: Redis) {
  try {
    return redis.scanStream({ match: 'user:*' });
  } finally {
    redis.disconnect();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 12,
          data: { iterator: "'redis.scanStream(…)'", pool: "client 'redis'", escape: 'returned', disposal: 'line 7, redis.disconnect() in finally' },
          suggestions: [],
        },
      ],
    },
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
export async function events(client: PoolClient) {
  try {
    return client.query(new QueryStream('SELECT * FROM events'));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 6,
          column: 12,
          data: { iterator: "'client.query(…)'", pool: "client 'client'", escape: 'returned', disposal: 'line 8, client.release() in finally' },
          suggestions: [{ messageId: 'materializeWithToArray', data: { expression: "'client.query(…)'" }, materialize: "client.query(new QueryStream('SELECT * FROM events'))" }],
        },
      ],
    },
    {
      code: `
import type Database from 'better-sqlite3';
export function users(db: Database.Database) {
  try {
    return db.prepare('SELECT * FROM users').iterate();
  } finally {
    db.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 12,
          data: { iterator: "'db.prepare(…).iterate()'", pool: "database 'db'", escape: 'returned', disposal: 'line 7, db.close() in finally' },
          suggestions: [],
        },
      ],
    },
  ]),
});

syntactic.run('no-iterator-outlives-pool (the same code without types)', rule, {
  valid: [
    // Without type information an invented method name is not known to be lazy: silent.
    farmResults,
    // Without type information a call given the stream consumes it there.
    `
import { linesOf, open } from './deno-like.js';
export async function lines(path: string) {
  using file = await open(path);
  return linesOf(file.readable);
}
`,
  ],
  invalid: [],
});
