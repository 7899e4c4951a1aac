import { describe } from 'vitest';

import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// 'consumedLater': consumption inside a timer callback or an event listener created in the
// scope, which runs after the pool is disposed: timers, microtasks, event listeners ('data' listener,
// 'abort' listener, 'event listener' for a non-literal name) and '.then/.catch/.finally' callbacks of
// a promise not awaited in the scope. Awaited chains, array-method callbacks, promise executors and
// awaited IIFEs run in place.

const ruleTester = createRuleTester();

describe('consumedLater', () => {
  ruleTester.run('no-iterator-outlives-pool', rule, {
    valid: [
      // A timer that only waits, awaited in the scope; the consumption is in the scope itself.
      `
import { MongoClient } from 'mongodb';

export async function drainSlowly(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  await new Promise((resolve) => setTimeout(resolve, 100));
  for await (const e of cursor) console.log(e);
}
`,
      // A listener on the stream itself, inside an awaited executor: consumed in place.
      `
import { Redis } from 'ioredis';

export async function keys(url: string) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream();
    await new Promise((resolve) => {
      stream.on('data', (batch: string[]) => console.log(batch));
      stream.on('end', resolve);
    });
  } finally {
    await redis.quit();
  }
}
`,
      // A timer callback that consumes an iterator it creates from a pool that is not disposed
      // where the rule can see.
      `
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);

setInterval(async () => {
  for await (const e of client.db('app').collection('events').find()) console.log(e);
}, 60_000);
`,
      // An awaited '.then' chain runs its callbacks before the block ends.
      `
import { MongoClient } from 'mongodb';

export async function afterConfig(uri: string, loadConfig: () => Promise<void>) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('flags').find();
  await loadConfig().then(async () => {
    for await (const f of cursor) console.log(f);
  });
}
`,
      // Array-method callbacks run in place.
      `
import Database from 'better-sqlite3';

export function firstOfEach(file: string, tables: string[]) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM t').iterate();
  return tables.map(() => rows.next().value);
}
`,
      // A 'new Promise' executor runs in place; the listener inside consumes the stream, and the
      // promise is awaited in the scope.
      `
import knex from 'knex';

export async function count(config: knex.Knex.Config) {
  const db = knex(config);
  try {
    const stream = db('events').stream();
    return await new Promise<number>((resolve, reject) => {
      let n = 0;
      stream.on('data', () => n++);
      stream.on('end', () => resolve(n));
      stream.on('error', reject);
    });
  } finally {
    await db.destroy();
  }
}
`,
      // An awaited IIFE runs in place.
      `
import { DatabaseSync } from 'node:sqlite';

export async function names(file: string) {
  using db = new DatabaseSync(file);
  const rows = db.prepare('SELECT name FROM users').iterate();
  return await (async () => Array.from(rows))();
}
`,
      // A timer that materialized nothing from the pool: it only logs a count read in the scope.
      `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  await using client = new MongoClient(uri);
  const n = (await client.db('app').collection('users').find().toArray()).length;
  setTimeout(() => console.log(n), 1000);
}
`,
      // A listener that consumes an iterator made inside the listener from a pool that is alive then
      // (the pool is not disposed where the rule can see).
      `
import type { EventEmitter } from 'node:events';
import type { MongoClient } from 'mongodb';

export function wire(client: MongoClient, bus: EventEmitter) {
  bus.on('refresh', async () => {
    for await (const u of client.db('app').collection('users').find()) console.log(u);
  });
}
`,
    ],
    invalid: [
      // setTimeout callback created in the 'await using' scope consumes the change stream later.
      {
        code: `
import { MongoClient } from 'mongodb';

export async function poll(uri: string) {
  await using client = new MongoClient(uri);
  const changes = client.db('app').collection('orders').watch();
  setTimeout(async () => {
    for await (const change of changes) console.log(change);
  }, 1000);
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'changes' (from client.db(…).collection(…).watch())",
              pool: "client 'client'",
              disposal: "line 10, end of the 'await using' block",
              callback: 'a setTimeout callback',
            },
            line: 8,
            column: 32,
            endLine: 8,
            endColumn: 39,
          },
        ],
      },
      // A 'data' listener on a socket consumes a better-sqlite3 iterator after the block.
      {
        code: `
import Database from 'better-sqlite3';
import type { Socket } from 'node:net';

export function serve(socket: Socket, file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM feed').iterate();
  socket.on('data', () => {
    socket.write(JSON.stringify(rows.next().value));
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'rows' (from db.prepare(…).iterate())",
              pool: "database 'db'",
              disposal: "line 11, end of the 'using' block",
              callback: "a 'data' listener",
            },
            line: 9,
            column: 33,
            endLine: 9,
            endColumn: 44,
          },
        ],
      },
      // queueMicrotask inside a try/finally: the microtask runs after release().
      {
        code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export function exportLater(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    queueMicrotask(() => stream.pipe(out));
  } finally {
    client.release();
  }
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'stream' (from client.query(…))",
              pool: "client 'client'",
              disposal: 'line 10, client.release() in finally',
              callback: 'a queueMicrotask callback',
            },
            line: 8,
            column: 26,
            endLine: 8,
            endColumn: 42,
          },
        ],
      },
      // process.nextTick callback.
      {
        code: `
export function later(tasks: Task[]) {
  using pool = new SyncPool(2);
  const results = pool.imap(work, tasks);
  process.nextTick(() => {
    for (const r of results) console.log(r);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'results' (from pool.imap(…))",
              pool: "pool 'pool'",
              disposal: "line 8, end of the 'using' block",
              callback: 'a process.nextTick callback',
            },
            line: 6,
            column: 21,
            endLine: 6,
            endColumn: 28,
          },
        ],
      },
      // addEventListener listener on an AbortSignal.
      {
        code: `
import { createClient } from 'redis';

export async function onAbort(url: string, signal: AbortSignal) {
  const client = await createClient({ url }).connect();
  try {
    const keys = client.scanIterator({ MATCH: 'job:*' });
    signal.addEventListener('abort', async () => {
      await cancelAll(keys);
    });
  } finally {
    await client.quit();
  }
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'keys' (from client.scanIterator(…))",
              pool: "pool 'client'",
              disposal: 'line 12, client.quit() in finally',
              callback: "an 'abort' listener",
            },
            line: 9,
            column: 13,
            endLine: 9,
            endColumn: 28,
          },
        ],
      },
      // setImmediate callback materializing a readLines() iterator too late.
      {
        code: `
import { open } from 'node:fs/promises';

export async function echo(path: string) {
  await using file = await open(path);
  const lines = file.readLines();
  setImmediate(async () => {
    console.log(await Array.fromAsync(lines));
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'lines' (from file.readLines())",
              pool: "file handle 'file'",
              disposal: "line 10, end of the 'await using' block",
              callback: 'a setImmediate callback',
            },
            line: 8,
            column: 23,
            endLine: 8,
            endColumn: 45,
          },
        ],
      },
      // setInterval callback polling an ioredis scan stream after quit().
      {
        code: `
import { Redis } from 'ioredis';

export async function poll(url: string) {
  const redis = new Redis(url);
  try {
    const stream = redis.scanStream({ match: 'queue:*' });
    setInterval(() => {
      const batch = stream.read();
      if (batch) enqueue(batch);
    }, 500);
  } finally {
    await redis.quit();
  }
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'stream' (from redis.scanStream(…))",
              pool: "client 'redis'",
              disposal: 'line 13, redis.quit() in finally',
              callback: 'a setInterval callback',
            },
            line: 9,
            column: 21,
            endLine: 9,
            endColumn: 34,
          },
        ],
      },
      // A '.once' listener for 'ready' on another emitter drains the cursor after the block.
      {
        code: `
import { MongoClient } from 'mongodb';
import type { EventEmitter } from 'node:events';

export async function onReady(uri: string, app: EventEmitter) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('settings').find();
  app.once('ready', async () => {
    for await (const s of cursor) apply(s);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'cursor' (from client.db(…).collection(…).find())",
              pool: "client 'client'",
              disposal: "line 11, end of the 'await using' block",
              callback: "a 'ready' listener",
            },
            line: 9,
            column: 27,
            endLine: 9,
            endColumn: 33,
          },
        ],
      },
      // A '.then' callback of a promise not awaited in the scope consumes the cursor later.
      {
        code: `
import { MongoClient } from 'mongodb';

export async function afterConfig(uri: string, loadConfig: () => Promise<void>) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('flags').find();
  loadConfig().then(async () => {
    for await (const f of cursor) console.log(f);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'cursor' (from client.db(…).collection(…).find())",
              pool: "client 'client'",
              disposal: "line 10, end of the 'await using' block",
              callback: 'a .then callback',
            },
            line: 8,
            column: 27,
            endLine: 8,
            endColumn: 33,
          },
        ],
      },
      // A '.catch' callback of an un-awaited promise.
      {
        code: `
import { open } from 'node:fs/promises';

export async function logOnFailure(path: string, task: Promise<void>) {
  await using fh = await open(path);
  const lines = fh.readLines();
  task.catch(async () => {
    for await (const line of lines) console.error(line);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'lines' (from fh.readLines())",
              pool: "file handle 'fh'",
              disposal: "line 10, end of the 'await using' block",
              callback: 'a .catch callback',
            },
            line: 8,
            column: 30,
            endLine: 8,
            endColumn: 35,
          },
        ],
      },
      // A '.finally' callback at the end of an un-awaited chain.
      {
        code: `
import Database from 'better-sqlite3';

export function summary(file: string, job: Promise<void>) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM log').iterate();
  job.then(() => console.log('ok')).finally(() => {
    for (const r of rows) console.log(r);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'rows' (from db.prepare(…).iterate())",
              pool: "database 'db'",
              disposal: "line 10, end of the 'using' block",
              callback: 'a .finally callback',
            },
            line: 8,
            column: 21,
            endLine: 8,
            endColumn: 25,
          },
        ],
      },
      // A listener with a non-literal event name is labelled 'event listener'.
      {
        code: `
import type { EventEmitter } from 'node:events';
import { MongoClient } from 'mongodb';

export async function onEvent(uri: string, bus: EventEmitter, name: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  bus.on(name, async () => {
    for await (const e of cursor) console.log(e);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'cursor' (from client.db(…).collection(…).find())",
              pool: "client 'client'",
              disposal: "line 11, end of the 'await using' block",
              callback: 'an event listener',
            },
            line: 9,
            column: 27,
            endLine: 9,
            endColumn: 33,
          },
        ],
      },
      // A 'data' listener on a request stream consumes a QueryStream after release().
      {
        code: `
import type { IncomingMessage } from 'node:http';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export function echo(req: IncomingMessage, client: PoolClient) {
  try {
    const rows = client.query(new QueryStream('SELECT * FROM events'));
    req.on('data', () => {
      rows.read();
    });
  } finally {
    client.release();
  }
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'rows' (from client.query(…))",
              pool: "client 'client'",
              disposal: 'line 13, client.release() in finally',
              callback: "a 'data' listener",
            },
            line: 10,
            column: 7,
            endLine: 10,
            endColumn: 18,
          },
        ],
      },
      // An 'abort' listener added with 'once' on an AbortSignal.
      {
        code: `
import { MongoClient } from 'mongodb';

export async function cancel(uri: string, signal: AbortSignal) {
  await using client = new MongoClient(uri);
  const jobs = client.db('app').collection('jobs').find({ state: 'running' });
  signal.addEventListener('abort', () => {
    void jobs.next();
  }, { once: true });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'jobs' (from client.db(…).collection(…).find(…))",
              pool: "client 'client'",
              disposal: "line 10, end of the 'await using' block",
              callback: "an 'abort' listener",
            },
            line: 8,
            column: 10,
            endLine: 8,
            endColumn: 21,
          },
        ],
      },
      // 'globalThis.setTimeout' is a timer too.
      {
        code: `
import Database from 'better-sqlite3';

export function later(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT * FROM t').iterate();
  globalThis.setTimeout(() => console.log([...rows]), 10);
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'rows' (from db.prepare(…).iterate())",
              pool: "database 'db'",
              disposal: "line 8, end of the 'using' block",
              callback: 'a globalThis.setTimeout callback',
            },
            line: 7,
            column: 44,
            endLine: 7,
            endColumn: 51,
          },
        ],
      },
      // A timer with an explicit close (kind 4): created before the close, it runs after it.
      {
        code: `
import { Redis } from 'ioredis';

export function later(url: string) {
  const redis = new Redis(url);
  const stream = redis.hscanStream('sessions');
  setImmediate(() => stream.pipe(process.stdout));
  redis.disconnect();
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'stream' (from redis.hscanStream(…))",
              pool: "client 'redis'",
              disposal: 'line 8, redis.disconnect()',
              callback: 'a setImmediate callback',
            },
            line: 7,
            column: 22,
            endLine: 7,
            endColumn: 49,
          },
        ],
      },
      // A listener nested in a timer callback: the outermost deferral names the callback.
      {
        code: `
import { MongoClient } from 'mongodb';
import type { EventEmitter } from 'node:events';

export async function wire(uri: string, bus: EventEmitter) {
  await using client = new MongoClient(uri);
  const changes = client.db('app').collection('orders').watch();
  setTimeout(() => {
    bus.on('tick', async () => {
      await changes.next();
    });
  }, 0);
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'changes' (from client.db(…).collection(…).watch())",
              pool: "client 'client'",
              disposal: "line 13, end of the 'await using' block",
              callback: "a 'tick' listener",
            },
            line: 10,
            column: 13,
            endLine: 10,
            endColumn: 27,
          },
        ],
      },
      // A 'prependListener' listener in a for-using loop: runs after the iteration's disposal.
      {
        code: `
import type { EventEmitter } from 'node:events';

export function watchAll(bus: EventEmitter, files: string[]) {
  for (using db of files.map((f) => new SyncDatabase(f))) {
    const rows = db.prepare('SELECT * FROM t').iterate();
    bus.prependListener('flush', () => {
      for (const r of rows) console.log(r);
    });
  }
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'rows' (from db.prepare(…).iterate())",
              pool: "pool 'db'",
              disposal: "line 10, end of each iteration of the 'for (using …)' loop",
              callback: "a 'flush' listener",
            },
            line: 8,
            column: 23,
            endLine: 8,
            endColumn: 27,
          },
        ],
      },
      // A stack-adopted pool (kind 3) consumed in a 'process.nextTick' callback.
      {
        code: `
import { createClient } from 'redis';

export async function later(url: string) {
  await using stack = new AsyncDisposableStack();
  const client = await createClient({ url }).connect();
  stack.defer(() => client.quit());
  const keys = client.zScanIterator('leaderboard');
  process.nextTick(async () => {
    for await (const k of keys) console.log(k);
  });
}
`,
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'keys' (from client.zScanIterator(…))",
              pool: "pool 'client'",
              disposal: "line 12, by stack 'stack' at the end of its 'await using' block",
              callback: 'a process.nextTick callback',
            },
            line: 10,
            column: 27,
            endLine: 10,
            endColumn: 31,
          },
        ],
      },
      // A scoped factory's pool (kind 5) consumed in a 'queueMicrotask' callback.
      {
        code: `
import { withPool } from './pool.js';

export async function later(xs: number[]) {
  await withPool(2, async (pool) => {
    const it = pool.imap(square, xs);
    queueMicrotask(async () => {
      for await (const x of it) console.log(x);
    });
  });
}
`,
        options: [{ scopedFactories: ['withPool'] }],
        errors: [
          {
            messageId: 'consumedLater',
            data: {
              iterator: "'it' (from pool.imap(…))",
              pool: "pool 'pool'",
              disposal: "line 10, when the 'withPool' callback settles",
              callback: 'a queueMicrotask callback',
            },
            line: 8,
            column: 29,
            endLine: 8,
            endColumn: 31,
          },
        ],
      },
    ],
  });
});
