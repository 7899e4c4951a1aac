import { describe } from 'vitest';

import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// 'consumedLater': consumption inside a timer callback or an event listener created in the
// scope, which runs after the pool is disposed. The 'callback' text format may still change;
// these cases are kept apart for that reason.

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
              pool: 'client',
              disposal: "line 10, end of the 'await using' block",
              callback: 'setTimeout callback',
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
              pool: 'db',
              disposal: "line 11, end of the 'using' block",
              callback: "'data' listener",
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
              pool: 'client',
              disposal: 'line 10, client.release() in finally',
              callback: 'queueMicrotask callback',
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
              pool: 'pool',
              disposal: "line 8, end of the 'using' block",
              callback: 'process.nextTick callback',
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
              pool: 'client',
              disposal: 'line 12, client.quit() in finally',
              callback: "'abort' listener",
            },
            line: 9,
            column: 13,
            endLine: 9,
            endColumn: 28,
          },
        ],
      },
      // setImmediate callback materialising a readLines() iterator too late.
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
              pool: 'file',
              disposal: "line 10, end of the 'await using' block",
              callback: 'setImmediate callback',
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
              pool: 'redis',
              disposal: 'line 13, redis.quit() in finally',
              callback: 'setInterval callback',
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
              pool: 'client',
              disposal: "line 11, end of the 'await using' block",
              callback: "'ready' listener",
            },
            line: 9,
            column: 27,
            endLine: 9,
            endColumn: 33,
          },
        ],
      },
    ],
  });
});
