
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Pools of kind 2: a dispose method called unconditionally at the top level of a 'finally'
// block; the pool dies at the end of the 'try' statement.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // pg-query-stream drained inside the try block, before client.release().
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function exportEvents(pool: Pool, out: NodeJS.WritableStream) {
  const client = await pool.connect();
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    await pipeline(stream, out);
  } finally {
    client.release();
  }
}
`,
    // pg-cursor read inside the try block; only the eager rows leave it.
    `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function firstRows(client: PoolClient) {
  let rows;
  try {
    const cursor = client.query(new Cursor('SELECT * FROM big_table'));
    rows = await cursor.read(100);
    await cursor.close();
  } finally {
    client.release();
  }
  return rows;
}
`,
    // The fs Dir is iterated inside the try block, closed afterwards.
    `
import { opendir } from 'node:fs/promises';

export async function names(path: string) {
  const dir = await opendir(path);
  const out: string[] = [];
  try {
    for await (const entry of dir) out.push(entry.name);
  } finally {
    await dir.close();
  }
  return out;
}
`,
    // The close is guarded by a condition in finally: error-path cleanup, no disposal point.
    `
import { MongoClient } from 'mongodb';

export async function openFeed(uri: string) {
  const client = new MongoClient(uri);
  let failed = true;
  let feed;
  try {
    feed = client.db('app').collection('events').watch();
    failed = false;
  } finally {
    if (failed) await client.close();
  }
  return feed;
}
`,
    // Disposed only in catch: the success path hands the stream out with the connection alive.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function streamEvents(pool: Pool) {
  const client = await pool.connect();
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    stream.once('close', () => client.release());
    return stream;
  } catch (error) {
    client.release();
    throw error;
  }
}
`,
    // Consumed in the catch block, which is part of the disposal scope.
    `
import { Redis } from 'ioredis';

export async function keysOrFallback(redis: Redis) {
  try {
    return await fetchIndex(redis);
  } catch {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: 'idx:*' })) keys.push(...batch);
    return keys;
  } finally {
    await redis.quit();
  }
}
`,
    // A call in finally that is not a dispose method does not make a pool.
    `
import { MongoClient } from 'mongodb';

export async function events(client: MongoClient) {
  let cursor;
  try {
    cursor = client.db('app').collection('events').find();
  } finally {
    client.removeAllListeners();
  }
  for await (const e of cursor) handle(e);
}
`,
    // The dispose call is nested in another statement (a loop), not at the top level of finally.
    `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function scan(clients: PoolClient[]) {
  const client = clients[0]!;
  let cursor;
  try {
    cursor = client.query(new Cursor('SELECT * FROM t'));
  } finally {
    for (const c of clients) c.release();
  }
  return cursor.read(10);
}
`,
    // TypeORM: an awaited find() resolves to plain entities; released afterwards, used later.
    `
import { DataSource } from 'typeorm';

export async function activeUsers(dataSource: DataSource) {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  let users;
  try {
    users = await qr.manager.find(User, { where: { active: true } });
  } finally {
    await qr.release();
  }
  for (const user of users) notify(user);
  return users;
}
`,
    // Materialized in the try block: the array outlives the connection safely.
    `
import mysql from 'mysql2';

export async function orders(pool: mysql.Pool) {
  const conn = await getConnection(pool);
  let rows;
  try {
    rows = await Array.fromAsync(conn.query('SELECT * FROM orders').stream());
  } finally {
    conn.release();
  }
  for (const row of rows) ship(row);
}
`,
    // The connection binding is re-created before the second stream is made and consumed.
    `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function twoPhases(pool: Pool) {
  let conn = await pool.connect();
  try {
    await conn.query('SET search_path TO app');
  } finally {
    conn.release();
  }
  conn = await pool.connect();
  try {
    for await (const row of conn.query(new QueryStream('SELECT * FROM events'))) emit(row);
  } finally {
    conn.release();
  }
}
`,
    // knex: the stream is piped to completion before destroy().
    `
import knex from 'knex';

export async function dumpEvents(config: object, out: NodeJS.WritableStream) {
  const db = knex(config);
  try {
    await pipeline(db('events').select('*').stream(), out);
  } finally {
    await db.destroy();
  }
}
`,
    // A worker pool's map() is eager: awaited results are plain values.
    `
import workerpool from 'workerpool';

export async function hashes(files: string[]) {
  const pool = workerpool.pool('./hash-worker.js');
  let out;
  try {
    out = await pool.map(hashFile, files);
  } finally {
    await pool.terminate();
  }
  for (const h of out) console.log(h);
}
`,
    // A '.then' callback of a promise awaited in the try block runs before release().
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function copyAfterAuth(client: PoolClient, out: NodeJS.WritableStream) {
  try {
    const stream = client.query(new QueryStream('SELECT * FROM events'));
    await authorize().then(() => pipeline(stream, out));
  } finally {
    client.release();
  }
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // pg-query-stream piped after client.release(): QueryStream hangs forever.
    {
      code: `
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

export async function exportEvents(pool: Pool, out: NodeJS.WritableStream) {
  const client = await pool.connect();
  let stream;
  try {
    stream = client.query(new QueryStream('SELECT * FROM events'));
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
    // pg-cursor returned from inside try: finally releases the client before the caller reads.
    {
      code: `
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';

export async function openCursor(client: PoolClient) {
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
            escape: 'returned',
            disposal: 'line 9, client.release() in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 63,
          suggestions: [],
        },
      ],
    },
    // The fs Dir itself iterated after 'await dir.close()': ERR_DIR_CLOSED.
    {
      code: `
import { opendir } from 'node:fs/promises';

export async function listAfterPeek(path: string) {
  const dir = await opendir(path);
  let first;
  try {
    first = await dir.read();
  } finally {
    await dir.close();
  }
  for await (const entry of dir) console.log(first, entry.name);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'dir'",
            pool: "directory 'dir'",
            disposal: 'line 10, dir.close() in finally',
          },
          line: 12,
          column: 29,
          endLine: 12,
          endColumn: 32,
        },
      ],
    },
    // Optional-chained release: conn?.release() still disposes unconditionally.
    {
      code: `
import type { Pool, PoolConnection } from 'mysql2';

export async function streamOrders(pool: Pool) {
  let conn: PoolConnection | undefined;
  let rows;
  try {
    conn = await getConnection(pool);
    rows = conn.query('SELECT * FROM orders').stream();
  } finally {
    conn?.release();
  }
  for await (const row of rows) ship(row);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from conn.query(…).stream())",
            pool: "pool 'conn'",
            disposal: 'line 11, conn?.release() in finally',
          },
          line: 13,
          column: 27,
          endLine: 13,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'conn.query(…).stream()'" },
              materialize: "conn.query('SELECT * FROM orders').stream()",
            },
          ],
        },
      ],
    },
    // abstract-level closed with [Symbol.asyncDispose]() in finally; the iterator is pulled afterwards.
    {
      code: `
import { ClassicLevel } from 'classic-level';

export async function firstEntry(location: string) {
  const db = new ClassicLevel(location);
  let it;
  try {
    await db.open();
    it = db.iterator({ limit: 100 });
  } finally {
    await db[Symbol.asyncDispose]();
  }
  return it.next();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'it' (from db.iterator(…))",
            pool: "database 'db'",
            disposal: 'line 11, db[Symbol.asyncDispose]() in finally',
          },
          line: 13,
          column: 10,
          endLine: 13,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    // node:sqlite closed with [Symbol.dispose]() in finally.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function distinctLevels(file: string) {
  const db = new DatabaseSync(file);
  let rows;
  try {
    rows = db.prepare('SELECT level FROM log').iterate();
  } finally {
    db[Symbol.dispose]();
  }
  return new Set(rows);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: 'line 10, db[Symbol.dispose]() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 23,
          suggestions: [],
        },
      ],
    },
    // ioredis quit() in finally; scanStream listened to afterwards.
    {
      code: `
import type { Redis } from 'ioredis';

export async function collectKeys(redis: Redis) {
  let stream;
  try {
    stream = redis.scanStream({ match: 'session:*' });
  } finally {
    await redis.quit();
  }
  const found: string[] = [];
  stream.on('data', (batch: string[]) => found.push(...batch));
  return found;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.scanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 9, redis.quit() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 63,
          suggestions: [],
        },
      ],
    },
    // node-redis disconnect() in finally; scanIterator materialized too late.
    {
      code: `
import { createClient } from 'redis';

export async function allUserKeys(url: string) {
  const client = await createClient({ url }).connect();
  let keys;
  try {
    keys = client.scanIterator({ MATCH: 'user:*' });
  } finally {
    await client.disconnect();
  }
  return Array.fromAsync(keys);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'keys' (from client.scanIterator(…))",
            pool: "pool 'client'",
            disposal: 'line 10, client.disconnect() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'client.scanIterator(…)'" },
              materialize: "client.scanIterator({ MATCH: 'user:*' })",
            },
          ],
        },
      ],
    },
    // knex destroy() in finally: the pool itself is called (db('events')), its stream piped afterwards.
    {
      code: `
import knex from 'knex';

export async function dumpEvents(config: object, out: NodeJS.WritableStream) {
  const db = knex(config);
  let rows;
  try {
    rows = db('events').select('*').stream();
  } finally {
    await db.destroy();
  }
  await pipeline(rows, toNdjson(), out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db(…).select(…).stream())",
            pool: "database 'db'",
            disposal: 'line 10, db.destroy() in finally',
          },
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    // workerpool terminate() in finally; pMapIterable over pool.exec pulled afterwards.
    {
      code: `
import workerpool from 'workerpool';
import { pMapIterable } from 'p-map';

export async function hashAll(files: string[]) {
  const pool = workerpool.pool('./hash-worker.js');
  let hashes;
  try {
    hashes = pMapIterable(files, (f) => pool.exec('hash', [f]), { concurrency: 4 });
  } finally {
    await pool.terminate();
  }
  for await (const h of hashes) console.log(h);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'hashes' (from pMapIterable(…))",
            pool: "worker pool 'pool'",
            disposal: 'line 11, pool.terminate() in finally',
          },
          line: 13,
          column: 25,
          endLine: 13,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pMapIterable(…)'" },
              materialize: "pMapIterable(files, (f) => pool.exec('hash', [f]), { concurrency: 4 })",
            },
          ],
        },
      ],
    },
    // MongoDB close() not awaited in finally is still a disposal; the cursor yields nothing afterwards.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function activeUsers(uri: string) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = client.db('app').collection('users').find({ active: true });
  } finally {
    client.close();
  }
  return await users.toArray();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 16,
          endLine: 12,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
    // pg Client end() in finally; pg-cursor read afterwards: "Connection terminated".
    {
      code: `
import type { Client } from 'pg';
import Cursor from 'pg-cursor';

export async function firstAuditRows(client: Client) {
  let cursor;
  try {
    cursor = client.query(new Cursor('SELECT * FROM audit'));
  } finally {
    await client.end();
  }
  return cursor.read(100);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.end() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 26,
          suggestions: [],
        },
      ],
    },
    // dispose() in finally, sync code: array destructuring after it.
    {
      code: `
export function header(path: string) {
  const reader = createLogReader(path);
  let lines;
  try {
    lines = reader.iterate();
  } finally {
    reader.dispose();
  }
  const [first] = lines;
  return first;
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'lines' (from reader.iterate())",
            pool: "pool 'reader'",
            disposal: 'line 8, reader.dispose() in finally',
          },
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'reader.iterate()'" },
              materialize: 'reader.iterate()',
            },
          ],
        },
      ],
    },
    // shutdown() in finally of a home-grown worker pool with an imap.
    {
      code: `
export async function runAll(tasks: Task[]) {
  const pool = new ThreadPool({ size: 4 });
  let results;
  try {
    results = pool.imap(runTask, tasks);
  } finally {
    await pool.shutdown();
  }
  for await (const r of results) report(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: 'line 8, pool.shutdown() in finally',
          },
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(runTask, tasks)',
            },
          ],
        },
      ],
    },
    // A FileHandle closed in finally; its read stream is piped afterwards.
    {
      code: `
import { open } from 'node:fs/promises';

export async function copyHead(path: string, out: NodeJS.WritableStream) {
  const file = await open(path);
  let stream;
  try {
    stream = file.createReadStream({ start: 0, end: 1023 });
  } finally {
    await file.close();
  }
  stream.pipe(out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from file.createReadStream(…))",
            pool: "file handle 'file'",
            disposal: 'line 10, file.close() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 19,
          suggestions: [],
        },
      ],
    },
    // The catch block is in scope too; the try statement ends with the finally, and the
    // iterator created in catch is consumed afterwards.
    {
      code: `
import type { Redis } from 'ioredis';

export async function fallbackKeys(redis: Redis) {
  let stream;
  try {
    await redis.ping();
  } catch {
    stream = redis.sscanStream('fallback:keys');
  } finally {
    redis.disconnect();
  }
  return drain(stream);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from redis.sscanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 11, redis.disconnect() in finally',
          },
          line: 13,
          column: 10,
          endLine: 13,
          endColumn: 23,
          suggestions: [],
        },
      ],
    },
    // Created before the try, consumed after it: still consumed after disposal, but the creation is
    // outside the disposal scope, so no suggestion is offered.
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function exportLate(client: PoolClient, out: NodeJS.WritableStream) {
  const stream = client.query(new QueryStream('SELECT * FROM events'));
  try {
    await client.query('SET statement_timeout = 0');
  } finally {
    client.release();
  }
  await pipeline(stream, out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'stream' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.release() in finally',
          },
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 30,
        },
      ],
    },
    // A dispose call with arguments is described with '(…)'.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function events(uri: string) {
  const client = new MongoClient(uri);
  let cursor;
  try {
    cursor = client.db('app').collection('events').find({ level: 'error' });
  } finally {
    await client.close(true);
  }
  for await (const e of cursor) console.log(e);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.close(…) in finally',
          },
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              materialize: "client.db('app').collection('events').find({ level: 'error' })",
            },
          ],
        },
      ],
    },
    // The dispose call need not be the first statement of finally: any top-level call counts.
    {
      code: `
import { opendir } from 'node:fs/promises';

export async function scan(path: string) {
  const dir = await opendir(path);
  try {
    await dir.read();
  } finally {
    console.log('closing', path);
    await dir.close();
    console.log('closed');
  }
  return [...(await Array.fromAsync(dir))];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'dir'",
            pool: "directory 'dir'",
            disposal: 'line 10, dir.close() in finally',
          },
          line: 13,
          column: 21,
          endLine: 13,
          endColumn: 41,
        },
      ],
    },
  ]),
});
