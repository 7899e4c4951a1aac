import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Kind 4 pools: a dispose method called in straight-line code, outside any `finally`
// (`await pool.close()`). ESLint's code-path analysis decides: a consumption reached from the close
// on every path is 'consumedAfterDisposal'; on some paths only, 'mayBeConsumedAfterDisposal'. A path
// through a re-creation of the binding (`pool = new Pool()`) carries a new pool. Returning the
// iterator after a close on every path escapes; a close on some paths only is error-path cleanup.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // A close in code that never runs (after a \`return\`) closes nothing: the loop after the branch reads a live cursor.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string, quick: boolean) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find({});
  if (quick) {
    return;
    await client.close();
  }
  for await (const user of cursor) console.log(user.name);
  await client.close();
}
`,
    // A loop in code that never runs reads nothing after the close.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find({});
  await client.close();
  return;
  for await (const user of cursor) console.log(user.name);
}
`,
    // Closed, then the process ends: no path goes on to the loop ('process.exit', 'Deno.exit').
    `
import { MongoClient } from 'mongodb';

export async function main(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('jobs').find();
  if (process.argv.length < 3) {
    await client.close();
    process.exit(2);
  }
  for await (const job of cursor) console.log(job);
  await client.close();
}
`,
    `
export async function follow(conn: Deno.Conn) {
  const reader = conn.readable.getReader();
  while (true) {
    const { value, done } = await reader.read();
    if (done) {
      conn.close();
      Deno.exit(1);
    }
    console.log(value);
  }
}
`,
    // A channel closed, then drained: closing a channel ends its input, and iterating it
    // after that yields what it holds (Deno std's Channel, Go's channels). Only a pool whose
    // items die with it (a directory, a readline interface) is judged when iterated itself.
    `
import { Channel } from '@std/async/unstable-channel';

export async function drain() {
  const ch = new Channel<number>({ capacity: 4 });
  await ch.send(1);
  await ch.send(2);
  ch.close();
  const values: number[] = [];
  for await (const v of ch) values.push(v);
  return values;
}
`,
    // An iterable pool the rule knows nothing of (a parameter), spread after its close: either kind.
    `
export function rest(queue: Queue<number>) {
  queue.close();
  return [...queue];
}
`,
    // Closed and returned on an early-exit branch: the loop below never runs after the close.
    `
export async function run(tasks: Task[], abort: boolean) {
  const pool = new WorkerPool(4);
  const it = pool.imap(work, tasks);
  if (abort) {
    await pool.close();
    return;
  }
  for await (const r of it) console.log(r);
  await pool.close();
}
`,
    // Closed before a 'throw': the consumption below is not reached from the close.
    `
import { MongoClient } from 'mongodb';

export async function load(uri: string, ok: boolean) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('items').find();
  if (!ok) {
    await client.close();
    throw new Error('not ready');
  }
  for await (const item of cursor) console.log(item);
  await client.close();
}
`,
    // Closed in 'catch' that rethrows: the consumption after the try statement is not reached from it.
    `
import { MongoClient } from 'mongodb';

export async function load(uri: string) {
  const client = new MongoClient(uri);
  try {
    await client.connect();
  } catch (err) {
    await client.close();
    throw err;
  }
  for await (const item of client.db('app').collection('items').find()) console.log(item);
  await client.close();
}
`,
    // Consumed, then closed: the usual straight-line shape.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  for await (const u of cursor) console.log(u.name);
  await client.close();
}
`,
    // Re-created on every path before the consumption ('pool = new WorkerPool()'): a new pool.
    `
export async function rerun(tasks: Task[]) {
  let pool = new WorkerPool(4);
  for await (const r of pool.imap(work, tasks)) console.log(r);
  await pool.close();
  pool = new WorkerPool(4);
  for await (const r of pool.imap(work, tasks)) console.log(r);
  await pool.close();
}
`,
    // A client created per iteration and closed at the end of the body: each iteration's cursor
    // is drained before its own client's close.
    `
import { MongoClient } from 'mongodb';

export async function fromShards(urls: string[]) {
  const all = [];
  for (const url of urls) {
    const client = new MongoClient(url);
    const cursor = client.db('app').collection('events').find();
    for await (const e of cursor) all.push(e);
    await client.close();
  }
  return all;
}
`,
    // A 'let' pool re-assigned at the top of each iteration and closed at the end of its body.
    `
export async function rounds(batches: Task[][]) {
  let pool: WorkerPool;
  for (const batch of batches) {
    pool = new WorkerPool(4);
    for await (const r of pool.imap(work, batch)) console.log(r);
    await pool.close();
  }
}
`,
    // Returned after a close in 'catch': error-path cleanup, the success path hands the stream out.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function streamEvents(pool: Pool) {
  const client = await pool.connect();
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.on('end', () => client.release());
    return stream;
  } catch (err) {
    client.release();
    throw err;
  }
}
`,
    // Returned after a close under an if: error-path cleanup, not reported.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const ok = await client.connect().then(() => true, () => false);
  if (!ok) await client.close();
  return client.db('app').collection('users').find();
}
`,
    // Returned before the close on the path that returns: the pool stays open on that path.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string, lazy: boolean) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  if (lazy) return cursor;
  const all = await cursor.toArray();
  await client.close();
  return all;
}
`,
    // A close inside a nested function (a shutdown handler) is not on the outer function's paths.
    `
import { MongoClient } from 'mongodb';

export async function tail(uri: string) {
  const client = new MongoClient(uri);
  process.once('SIGTERM', async () => {
    await client.close();
  });
  for await (const change of client.db('app').collection('orders').watch()) console.log(change);
}
`,
    // A close inside 'finally' is kind 2, not kind 4: the consumption inside 'try' is fine.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  try {
    for await (const u of client.db('app').collection('users').find()) console.log(u.name);
  } finally {
    await client.close();
  }
}
`,
    // Materialized before the close: the array outlives it.
    `
import Database from 'better-sqlite3';

export function names(file: string) {
  const db = new Database(file);
  const rows = Array.from(db.prepare('SELECT name FROM users').iterate());
  db.close();
  return rows;
}
`,
    // A close of another binding ('other.close()') does not touch this pool.
    `
import { MongoClient } from 'mongodb';

export async function copy(from: MongoClient, to: MongoClient) {
  const cursor = from.db('app').collection('users').find();
  await to.close();
  for await (const u of cursor) console.log(u);
}
`,
    // The drain is awaited before the close.
    `
import { MongoClient } from 'mongodb';

async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

export async function dump(uri: string) {
  const client = new MongoClient(uri);
  await drain(client.db('app').collection('logs').find());
  await client.close();
}
`,
    // An early return right after close() inside a loop: nothing below runs on that path.
    `
import { createClient } from 'redis';

export async function firstMatch(url: string, patterns: string[]) {
  const client = await createClient({ url }).connect();
  for (const p of patterns) {
    for await (const key of client.scanIterator({ MATCH: p })) {
      await client.quit();
      return key;
    }
  }
  await client.quit();
  return undefined;
}
`,
    // Assigned to a module binding while the close is guarded (error-path cleanup): not reported.
    `
let pending: AsyncIterable<number> | undefined;

export async function start(tasks: Task[], failed: boolean) {
  const pool = new WorkerPool(4);
  pending = pool.imap(work, tasks);
  if (failed) await pool.close();
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      // The twin of the unreachable close: a close that runs on one branch.
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string, quick: boolean) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find({});
  if (quick) {
    await client.close();
  }
  for await (const user of cursor) console.log(user.name);
  await client.close();
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          line: 10,
          column: 28,
          endLine: 10,
          endColumn: 34,
          data: {"iterator":"'cursor' (from client.db(…).collection(…).find(…))","pool":"client 'client'","disposal":"line 8, client.close()"},
          suggestions: [
            { messageId: 'materializeWithToArray', data: {"expression":"'client.db(…).collection(…).find(…)'"}, replace: ["const cursor = client.db('app').collection('users').find({});", "const cursor = await client.db('app').collection('users').find({}).toArray();"] },
          ],
        },
      ],
    },
    // Straight line: the cursor is drained after client.close().
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find({}, { projection: { name: 1 } });
  await client.close();
  for await (const u of cursor) console.log(u.name);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find(…))",
            pool: "client 'client'",
            disposal: 'line 7, client.close()',
          },
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              materialize: "client.db('app').collection('users').find({}, { projection: { name: 1 } })",
            },
          ],
        },
      ],
    },
    // Closed on a branch that goes on (no exit): the loop may run after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function main(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('jobs').find();
  if (process.argv.length < 3) {
    await client.close();
    console.error('no job file');
  }
  for await (const job of cursor) console.log(job);
  await client.close();
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 8, client.close()',
          },
          line: 11,
          column: 27,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('jobs').find()",
            },
          ],
        },
      ],
    },
    // Straight line with a readline interface: the interface itself is iterated after close().
    {
      code: `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export async function firstLines(path: string) {
  const rl = createInterface({ input: createReadStream(path) });
  rl.close();
  for await (const line of rl) console.log(line);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rl'",
            pool: "interface 'rl'",
            disposal: 'line 7, rl.close()',
          },
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 30,
        },
      ],
    },
    // 'void pool.terminate()' still disposes: the lazy imap is consumed after it.
    {
      code: `
export async function squares(xs: number[]) {
  const pool = new WorkerPool(2);
  const results = pool.imap(square, xs);
  void pool.terminate();
  return Array.fromAsync(results);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: 'line 5, pool.terminate()',
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(square, xs)',
            },
          ],
        },
      ],
    },
    // 'client[Symbol.asyncDispose]()' is a dispose call; its text is the message's disposal.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function tags(uri: string) {
  const client = new MongoClient(uri);
  const tags = client.db('blog').collection('posts').aggregate([{ $unwind: '$tags' }]);
  await client[Symbol.asyncDispose]();
  const seen = new Set(await Array.fromAsync(tags));
  return seen;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'tags' (from client.db(…).collection(…).aggregate(…))",
            pool: "client 'client'",
            disposal: 'line 7, client[Symbol.asyncDispose]()',
          },
          line: 8,
          column: 30,
          endLine: 8,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).aggregate(…)'" },
              materialize: "client.db('blog').collection('posts').aggregate([{ $unwind: '$tags' }])",
            },
          ],
        },
      ],
    },
    // A dispose call with arguments is shown with (…): knex destroy(callback).
    {
      code: `
import knex from 'knex';

export async function dump(config: knex.Knex.Config) {
  const db = knex(config);
  const rows = db('events').select('*').stream();
  db.destroy(() => console.log('pool drained'));
  rows.pipe(process.stdout);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db(…).select(…).stream())",
            pool: "database 'db'",
            disposal: 'line 7, db.destroy(…)',
          },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 28,
          suggestions: [],
        },
      ],
    },
    // Calling a lazy method on the pool after it is closed is consumption after disposal too.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function names(file: string) {
  const db = new DatabaseSync(file);
  const stmt = db.prepare('SELECT name FROM users');
  db.close();
  return [...stmt.iterate()];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stmt.iterate()'",
            pool: "database 'db'",
            disposal: 'line 7, db.close()',
          },
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 28,
        },
      ],
    },
    // Returned after a close on every path: escapes while its pool is already closed.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  await client.connect();
  const cursor = client.db('app').collection('users').find();
  await client.close();
  return cursor;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 8, client.close()',
            escape: 'returned',
          },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('users').find()",
            },
          ],
        },
      ],
    },
    // Closed under an if without an else: only some paths dispose first (hedged report).
    {
      code: `
import { MongoClient } from 'mongodb';

export async function audit(uri: string, dryRun: boolean) {
  const client = new MongoClient(uri);
  const entries = client.db('ops').collection('audit').find();
  if (dryRun) await client.close();
  for await (const e of entries) console.log(e);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'entries' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 7, client.close()',
          },
          line: 8,
          column: 25,
          endLine: 8,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('ops').collection('audit').find()",
            },
          ],
        },
      ],
    },
    // A close in the 'else' branch only: some paths reach the loop with the connection closed.
    {
      code: `
import { Redis } from 'ioredis';

export async function keys(url: string, keep: boolean) {
  const redis = new Redis(url);
  const stream = redis.scanStream({ match: 'k:*' });
  if (keep) {
    console.log('keeping connection');
  } else {
    redis.disconnect();
  }
  for await (const batch of stream) console.log(batch);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 10, redis.disconnect()',
          },
          line: 12,
          column: 29,
          endLine: 12,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'redis.scanStream(…)'" },
              materialize: "redis.scanStream({ match: 'k:*' })",
            },
          ],
        },
      ],
    },
    // Closed on an early-exit branch that does not return: the later loop may run after it.
    {
      code: `
import { open } from 'node:fs/promises';

export async function head(path: string, abort: boolean) {
  const fh = await open(path);
  const lines = fh.readLines();
  if (abort) {
    await fh.close();
  }
  for await (const line of lines) console.log(line);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'lines' (from fh.readLines())",
            pool: "file handle 'fh'",
            disposal: 'line 8, fh.close()',
          },
          line: 10,
          column: 28,
          endLine: 10,
          endColumn: 33,
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
    // Closed in two 'case's that fall out of the switch, the default keeps it open: some paths reach
    // the loop closed. One bug, one report, although two closes reach it.
    {
      code: `
import { createClient } from 'redis';

export async function scan(url: string, mode: 'keep' | 'close' | 'quit') {
  const client = await createClient({ url }).connect();
  const keys = client.scanIterator();
  switch (mode) {
    case 'close':
      await client.close();
      break;
    case 'quit':
      await client.quit();
      break;
    default:
      break;
  }
  for await (const k of keys) console.log(k);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'keys' (from client.scanIterator())",
            pool: "pool 'client'",
            disposal: 'line 9, client.close(); line 12, client.quit()',
          },
          line: 17,
          column: 25,
          endLine: 17,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.scanIterator()'" },
              materialize: 'client.scanIterator()',
            },
          ],
        },
      ],
    },
    // A 'while (true)' loop left only by a 'break' after close(): every path to the loop below
    // passes the close.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function waitThenRead(uri: string, ready: () => Promise<boolean>) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('jobs').find();
  while (true) {
    if (await ready()) {
      await client.close();
      break;
    }
  }
  for await (const job of cursor) console.log(job);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 9, client.close()',
          },
          line: 13,
          column: 27,
          endLine: 13,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('jobs').find()",
            },
          ],
        },
      ],
    },
    // A 'while (cond)' loop with a close before 'break': the loop can also end without it.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function waitThenRead(uri: string, attempts: number) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('jobs').find();
  let left = attempts;
  while (left-- > 0) {
    if (await isShuttingDown()) {
      await client.close();
      break;
    }
  }
  for await (const job of cursor) console.log(job);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 10, client.close()',
          },
          line: 14,
          column: 27,
          endLine: 14,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('jobs').find()",
            },
          ],
        },
      ],
    },
    // A close at the end of a 'for' loop body: the next iteration consumes the cursor after it.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function batches(uri: string, sizes: number[]) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  for (const size of sizes) {
    const batch = [];
    for await (const e of cursor) {
      batch.push(e);
      if (batch.length === size) break;
    }
    await flush(batch);
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 14, client.close()',
          },
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 33,
          // No suggestion: materializing the consumed cursor itself would not keep the pool alive.
        },
      ],
    },
    // A close before 'continue': later iterations may pull from the closed stream.
    {
      code: `
import { Redis } from 'ioredis';

export async function drainQueues(url: string, queues: string[]) {
  const redis = new Redis(url);
  const stream = redis.sscanStream('queues');
  for (const q of queues) {
    if (q.startsWith('tmp:')) {
      redis.disconnect();
      continue;
    }
    const batch = stream.read();
    console.log(q, batch);
  }
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.sscanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 9, redis.disconnect()',
          },
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 32,
          suggestions: [],
        },
      ],
    },
    // A labelled 'break outer' after close(): the consumption after the outer loop is reached from it on some paths.
    {
      code: `
import { createClient } from 'redis';

export async function find(url: string, grid: string[][]) {
  const client = await createClient({ url }).connect();
  const keys = client.scanIterator({ MATCH: 'cell:*' });
  outer: for (const row of grid) {
    for (const cell of row) {
      if (cell === 'stop') {
        await client.quit();
        break outer;
      }
    }
  }
  for await (const k of keys) console.log(k);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'keys' (from client.scanIterator(…))",
            pool: "pool 'client'",
            disposal: 'line 10, client.quit()',
          },
          line: 15,
          column: 25,
          endLine: 15,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.scanIterator(…)'" },
              materialize: "client.scanIterator({ MATCH: 'cell:*' })",
            },
          ],
        },
      ],
    },
    // A close in 'catch' with no rethrow: the consumption after the try statement may follow it.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function load(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('items').find();
  try {
    await client.connect();
  } catch (err) {
    console.error(err);
    await client.close();
  }
  for await (const item of cursor) console.log(item);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 11, client.close()',
          },
          line: 13,
          column: 28,
          endLine: 13,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('items').find()",
            },
          ],
        },
      ],
    },
    // A close at the end of the 'try' block: the consumption after the try statement follows it on the success path.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function load(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('items').find();
  try {
    await client.connect();
    await client.close();
  } catch (err) {
    console.error(err);
  }
  for await (const item of cursor) console.log(item);
}
`,
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 9, client.close()',
          },
          line: 13,
          column: 28,
          endLine: 13,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              materialize: "client.db('app').collection('items').find()",
            },
          ],
        },
      ],
    },
    // A lazy method called on the pool after it is closed, with no re-creation in between.
    {
      code: `
export async function rerun(tasks: Task[]) {
  const pool = new WorkerPool(4);
  await pool.close();
  for await (const r of pool.imap(work, tasks)) console.log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: 'line 4, pool.close()',
          },
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 47,
        },
      ],
    },
    // A nested function with its own pool and close: its returned cursor escapes; the outer code is silent.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  async function recent() {
    const client = new MongoClient(uri);
    const cursor = client.db('app').collection('events').find().sort({ at: -1 });
    await client.close();
    return cursor;
  }
  const events = await recent();
  console.log(events);
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 8, client.close()',
            escape: 'returned',
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find().sort(…)'" },
              materialize: "client.db('app').collection('events').find().sort({ at: -1 })",
            },
          ],
        },
      ],
    },
    // An inner arrow that closes its own pool and then drains the cursor.
    {
      code: `
import Database from 'better-sqlite3';

export const names = (file: string) => {
  const db = new Database(file);
  const rows = db.prepare('SELECT name FROM users').iterate();
  db.close();
  return Array.from(rows, (r) => r.name);
};
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: 'line 7, db.close()',
          },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 41,
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
    // A timer created before the close runs after it.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function later(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('events').find();
  setTimeout(async () => {
    for await (const e of cursor) console.log(e);
  }, 100);
  await client.close();
}
`,
      errors: [
        {
          messageId: 'consumedLater',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 10, client.close()',
            callback: 'a setTimeout callback',
          },
          line: 8,
          column: 27,
          endLine: 8,
          endColumn: 33,
        },
      ],
    },
    // An async drain started before the close and not awaited.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

export async function dump(uri: string) {
  const client = new MongoClient(uri);
  drain(client.db('app').collection('logs').find());
  await client.close();
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: 'line 11, client.close()',
            consumer: "'drain(…)'",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 52,
        },
      ],
    },
    // The drain's promise is awaited only after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

async function drain(it: AsyncIterable<unknown>) {
  for await (const x of it) console.log(x);
}

export async function dump(uri: string) {
  const client = new MongoClient(uri);
  const done = drain(client.db('app').collection('logs').find());
  await client.close();
  await done;
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            pool: "client 'client'",
            disposal: 'line 11, client.close()',
            consumer: "'drain(…)'",
          },
          line: 10,
          column: 16,
          endLine: 10,
          endColumn: 65,
        },
      ],
    },
    // Assigned to a module binding before an unconditional close, and never consumed in the
    // function: escapes.
    {
      code: `
let pending: AsyncIterable<number> | undefined;

export async function start(tasks: Task[]) {
  const pool = new WorkerPool(4);
  pending = pool.imap(work, tasks);
  await pool.close();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: 'line 7, pool.close()',
            escape: "assigned to outer 'pending'",
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 35,
          suggestions: [],
        },
      ],
    },
    // Stored on 'this' before the close.
    {
      code: `
export class Job {
  results?: AsyncIterable<number>;
  async start(tasks: Task[]) {
    const pool = new WorkerPool(4);
    this.results = pool.imap(work, tasks);
    await pool.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: 'line 7, pool.close()',
            escape: "stored on 'this.results'",
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
  ]),
});
