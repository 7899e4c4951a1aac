import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// 'notAwaited': the iterator is consumed by an async call (an async function of this file, an
// async IIFE, `Array.fromAsync`, `pipeline` of `stream/promises`, a cursor's `toArray()`/`forEach()`)
// whose promise is not awaited before the disposal point. The report is on the consumer call, with
// no suggestion.

const ruleTester = createRuleTester();

/**
 * A pg query stream given to a promise `pipeline` (imported by `importLine`, called as `call`) in a `try`
 * whose `finally` releases the client, without `await`: reported 'notAwaited' on line 8.
 */
function pipelineCase(importLine: string, call: string, consumer: string, column: number, endColumn: number) {
  return {
    code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
${importLine}

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    ${call}client.query(new QueryStream('SELECT * FROM events')), res);
  } finally {
    client.release();
  }
}
`,
    errors: [
      {
        messageId: 'notAwaited' as const,
        data: { iterator: "'client.query(…)'", pool: "client 'client'", disposal: 'line 10, client.release() in finally', consumer },
        line: 8,
        column,
        endLine: 8,
        endColumn,
      },
    ],
  };
}

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Valid: 'pipeline' of 'node:stream/promises', called on its namespace and awaited in the scope.
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import * as streams from 'node:stream/promises';

export async function streamEvents(client: PoolClient, res: NodeJS.WritableStream) {
  try {
    await streams.pipeline(client.query(new QueryStream('SELECT * FROM events')), res);
  } finally {
    client.release();
  }
}
`,
    // Both drains awaited together with 'Promise.all([…])' inside the scope.
    `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  for await (const doc of cursor) console.log(doc);
}

export async function both(uri: string) {
  await using client = new MongoClient(uri);
  const db = client.db('app');
  await Promise.all([drain(db.collection('users').find()), drain(db.collection('orders').find())]);
}
`,
    // The drain's promise, kept, is returned by a callback given to an awaited call.
    `
async function drain<T>(it: AsyncIterable<T>): Promise<void> {
  for await (const x of it) console.log(x);
}

export async function run(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  const done = drain(pool.imap(work, tasks));
  await withTimeout(() => done, 1000);
}
`,
    // 'return await drain(it)' settles before the block ends.
    `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  const out = [];
  for await (const doc of cursor) out.push(doc);
  return out;
}

export async function all(uri: string) {
  await using client = new MongoClient(uri);
  return await drain(client.db('app').collection('users').find());
}
`,
    // 'const p = drain(it)' awaited inside the scope.
    `
async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

export async function run(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  const p = drain(pool.imap(work, tasks));
  console.log('started');
  await p;
}
`,
    // An awaited '.then' chain on the drain.
    `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  for await (const doc of cursor) console.log(doc);
}

export async function dump(uri: string) {
  await using client = new MongoClient(uri);
  await drain(client.db('app').collection('logs').find()).then(() => console.log('done'));
}
`,
    // A synchronous consumer called bare: it has consumed the iterator when it returns.
    `
import Database from 'better-sqlite3';

function print(rows: Iterable<unknown>) {
  for (const row of rows) console.log(row);
}

export function dump(file: string) {
  using db = new Database(file);
  print(db.prepare('SELECT * FROM t').iterate());
}
`,
    // 'await cursor.forEach(…)' settles in the scope.
    `
import { MongoClient } from 'mongodb';

export async function print(uri: string) {
  await using client = new MongoClient(uri);
  await client.db('app').collection('users').find().forEach((u) => console.log(u));
}
`,
    // An awaited async IIFE runs in place.
    `
import { open } from 'node:fs/promises';

export async function tail(path: string) {
  await using fh = await open(path);
  const lines = fh.readLines();
  await (async () => {
    for await (const line of lines) console.log(line);
  })();
}
`,
    // 'return cursor.toArray()' where the client is not disposed in the function: no pool.
    `
import { MongoClient } from 'mongodb';

export function allOrders(client: MongoClient) {
  return client.db('shop').collection('orders').find().toArray();
}
`,
    // A consumer imported from another module: without types its async-ness is unknown, and
    // passing the iterator counts as consumption at the call, in the scope.
    `
import { MongoClient } from 'mongodb';
import { drain } from './drain.js';

export async function dump(uri: string) {
  await using client = new MongoClient(uri);
  drain(client.db('app').collection('logs').find());
}
`,
    // 'return await coll.find().toArray()' in try/finally.
    `
import { MongoClient } from 'mongodb';

export async function allOrders(client: MongoClient) {
  try {
    return await client.db('shop').collection('orders').find().toArray();
  } finally {
    await client.close();
  }
}
`,
    // An un-awaited drain of an eager array made in the scope: nothing lazy is left.
    `
import { MongoClient } from 'mongodb';

async function upload(docs: unknown[]) {
  for (const doc of docs) await fetch('https://example.test', { method: 'POST', body: JSON.stringify(doc) });
}

export async function sync(uri: string) {
  await using client = new MongoClient(uri);
  const docs = await client.db('app').collection('outbox').find().toArray();
  void upload(docs);
}
`,
    // Awaited with 'Promise.allSettled' inside the scope.
    `
export async function both(a: Task[], b: Task[]) {
  await using pool = new WorkerPool(4);
  await Promise.allSettled([Array.fromAsync(pool.imap(work, a)), Array.fromAsync(pool.imap(work, b))]);
}
`,
    // 'p = drain(it)' to an outer binding, awaited before the block ends.
    `
async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

let last: Promise<void> | undefined;

export async function run(tasks: Task[]) {
  {
    await using pool = new WorkerPool(4);
    last = drain(pool.imap(work, tasks));
    await last;
  }
}
`,
    // An async generator given the iterator returns a generator object without running it; it is
    // consumed in the scope.
    `
async function* numbered<T>(it: AsyncIterable<T>) {
  let i = 0;
  for await (const x of it) yield [i++, x] as const;
}

export async function run(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  for await (const [i, r] of numbered(pool.imap(work, tasks))) console.log(i, r);
}
`,
  ],
  invalid: [
    // 'void drain(it)' in an 'await using' block.
    {
      code: `
async function drain<T>(it: AsyncIterable<T>): Promise<void> {
  for await (const x of it) console.log(x);
}

export async function run(tasks: Task[]) {
  await using pool = new WorkerPool(4);
  const it = pool.imap(work, tasks);
  void drain(it);
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'it' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 10, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 9,
          column: 8,
          endLine: 9,
          endColumn: 17,
        },
      ],
    },
    // A bare 'drain(it);' where 'drain' is an async function declared in the same file.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  for await (const doc of cursor) console.log(doc);
}

export async function dump(uri: string) {
  await using client = new MongoClient(uri);
  drain(client.db('app').collection('logs').find());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 11, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 52,
        },
      ],
    },
    // An async arrow bound to a const is an async function too.
    {
      code: `
import Database from 'better-sqlite3';

const upload = async (rows: Iterable<unknown>) => {
  for (const row of rows) await fetch('https://example.test', { method: 'POST', body: JSON.stringify(row) });
};

export function sync(file: string) {
  using db = new Database(file);
  upload(db.prepare('SELECT * FROM outbox').iterate());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 11, end of the 'using' block",
            consumer: "'upload(…)'",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 55,
        },
      ],
    },
    // An async IIFE that is not awaited.
    {
      code: `
import { open } from 'node:fs/promises';

export async function tail(path: string) {
  await using fh = await open(path);
  const lines = fh.readLines();
  (async () => {
    for await (const line of lines) console.log(line);
  })();
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'lines' (from fh.readLines())",
            pool: "file handle 'fh'",
            disposal: "line 10, end of the 'await using' block",
            consumer: "'(async () => …)()'",
          },
          line: 7,
          column: 3,
          endLine: 9,
          endColumn: 7,
        },
      ],
    },
    // An async function expression IIFE with 'void'.
    {
      code: `
import { Redis } from 'ioredis';

export async function keys(url: string) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream();
    void (async function () {
      for await (const batch of stream) console.log(batch);
    })();
  } finally {
    await redis.quit();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'stream' (from redis.scanStream())",
            pool: "client 'redis'",
            disposal: 'line 12, redis.quit() in finally',
            consumer: "'(async function () {…})()'",
          },
          line: 8,
          column: 10,
          endLine: 10,
          endColumn: 9,
        },
      ],
    },
    // 'const p = drain(it)' awaited only after the block.
    {
      code: `
async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export async function run(tasks: Task[]) {
  let done;
  {
    await using pool = new WorkerPool(4);
    done = drain(pool.imap(work, tasks));
  }
  return await done;
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: "line 13, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 12,
          column: 12,
          endLine: 12,
          endColumn: 41,
        },
      ],
    },
    // 'const p = drain(it)' in a using block, awaited after it.
    {
      code: `
import { MongoClient } from 'mongodb';

async function count(it: AsyncIterable<unknown>) {
  let n = 0;
  for await (const _ of it) n++;
  return n;
}

export async function stats(uri: string) {
  let pending: Promise<number>;
  {
    await using client = new MongoClient(uri);
    const p = count(client.db('app').collection('users').find());
    pending = p;
  }
  console.log(await pending);
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 16, end of the 'await using' block",
            consumer: "'count(…)'",
          },
          line: 14,
          column: 15,
          endLine: 14,
          endColumn: 65,
        },
      ],
    },
    // An async cursor method ('toArray()') started and not awaited.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function warm(uri: string, cache: Map<string, unknown>) {
  await using client = new MongoClient(uri);
  client.db('app').collection('settings').find().toArray().then((s) => cache.set('settings', s));
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 7, end of the 'await using' block",
            consumer: "'client.db(…).collection(…).find().toArray()'",
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 59,
        },
      ],
    },
    // 'cursor.forEach(…)' returns a promise; not awaited in the scope.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function print(uri: string) {
  const client = new MongoClient(uri);
  try {
    const cursor = client.db('app').collection('users').find();
    cursor.forEach((u) => console.log(u));
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 10, client.close() in finally',
            consumer: "'cursor.forEach(…)'",
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 42,
        },
      ],
    },
    // 'return drain(it)' without await inside a using block: disposal runs before the promise settles.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  const out = [];
  for await (const doc of cursor) out.push(doc);
  return out;
}

export async function all(uri: string) {
  await using client = new MongoClient(uri);
  return drain(client.db('app').collection('users').find());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 13, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 60,
        },
      ],
    },
    // The contract's 'return coll.find().toArray()' without await in try/finally.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function allOrders(client: MongoClient) {
  const coll = client.db('shop').collection('orders');
  try {
    return coll.find().toArray();
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'coll.find()'",
            pool: "client 'client'",
            disposal: 'line 9, client.close() in finally',
            consumer: "'coll.find().toArray()'",
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 33,
        },
      ],
    },
    // 'return Array.fromAsync(it)' without await in a using block.
    {
      code: `
export async function squares(xs: number[]) {
  await using pool = new WorkerPool(2);
  return Array.fromAsync(pool.imap(square, xs));
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: "line 5, end of the 'await using' block",
            consumer: "'Array.fromAsync(…)'",
          },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 48,
        },
      ],
    },
    // A block-bodied async arrow returns the un-awaited 'toArray()' from its using block.
    {
      code: `
import { MongoClient } from 'mongodb';

export const users = async (uri: string) => {
  await using client = new MongoClient(uri);
  return client.db('app').collection('users').find().toArray();
};
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 7, end of the 'await using' block",
            consumer: "'client.db(…).collection(…).find().toArray()'",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 63,
        },
      ],
    },
    // A '.then' chain on the drain that is not awaited.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  for await (const doc of cursor) console.log(doc);
}

export async function dump(uri: string) {
  await using client = new MongoClient(uri);
  drain(client.db('app').collection('logs').find()).then(() => console.log('done'));
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 11, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 52,
        },
      ],
    },
    // 'p = drain(it)' to an outer binding awaited after the block.
    {
      code: `
async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

let last: Promise<void> | undefined;

export async function run(tasks: Task[]) {
  {
    await using pool = new WorkerPool(4);
    last = drain(pool.imap(work, tasks));
  }
  await last;
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: "line 12, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 11,
          column: 12,
          endLine: 11,
          endColumn: 41,
        },
      ],
    },
    // A kind 2 pool: the un-awaited drain outlives release().
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

async function toCsv(rows: AsyncIterable<unknown>, out: NodeJS.WritableStream) {
  for await (const row of rows) out.write(JSON.stringify(row) + '\\n');
}

export function exportEvents(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    void toCsv(client.query(new QueryStream('SELECT * FROM events')), out);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 13, client.release() in finally',
            consumer: "'toCsv(…)'",
          },
          line: 11,
          column: 10,
          endLine: 11,
          endColumn: 75,
        },
      ],
    },
    // Two drains, one awaited, one not: only the floating one is reported.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(cursor: AsyncIterable<unknown>) {
  for await (const doc of cursor) console.log(doc);
}

export async function both(uri: string) {
  await using client = new MongoClient(uri);
  const db = client.db('app');
  await drain(db.collection('users').find());
  drain(db.collection('orders').find());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'db.collection(…).find()'",
            pool: "client 'client'",
            disposal: "line 13, end of the 'await using' block",
            consumer: "'drain(…)'",
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 40,
        },
      ],
    },
    // An un-awaited drain of a synchronous using pool's iterator in an async function.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

async function send(rows: Iterable<unknown>) {
  for (const row of rows) await fetch('https://example.test/rows', { method: 'POST', body: JSON.stringify(row) });
}

export async function push(file: string) {
  using db = new DatabaseSync(file);
  send(db.prepare('SELECT * FROM outbox').iterate());
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            disposal: "line 11, end of the 'using' block",
            consumer: "'send(…)'",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 53,
        },
      ],
    },
    // 'Array.fromAsync' stored and awaited only after the block.
    {
      code: `
import { open } from 'node:fs/promises';

export async function lines(path: string) {
  let all;
  {
    await using fh = await open(path);
    all = Array.fromAsync(fh.readLines());
  }
  return await all;
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'fh.readLines()'",
            pool: "file handle 'fh'",
            disposal: "line 9, end of the 'await using' block",
            consumer: "'Array.fromAsync(…)'",
          },
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 42,
        },
      ],
    },
    // 'pipeline' of 'node:stream/promises' under another name, not awaited.
    pipelineCase("import { pipeline as run } from 'node:stream/promises';", 'run(', "'run(…)'", 5, 68),
    // 'promises.pipeline' of 'node:stream' returned without 'await': the release runs before it settles.
    pipelineCase("import { promises as streams } from 'node:stream';", 'return streams.pipeline(', "'streams.pipeline(…)'", 12, 88),
  ],
});
