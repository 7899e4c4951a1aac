
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// The rule follows a lazy iterator through aliases: 'const b = a', 'let r; r = it',
// 'r ??= it', and object or array literals that hold it (the container counts as the iterator).

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // A const alias consumed inside the block.
    `
import { MongoClient } from 'mongodb';

export async function emails(uri: string) {
  await using client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  const users = cursor;
  for await (const u of users) console.log(u.email);
}
`,
    // 'let r; r = it' consumed inside the block, then re-bound to an array before the later loop.
    `
import Database from 'better-sqlite3';

export function jobs(file: string) {
  let batch: Iterable<Job>;
  {
    using db = new Database(file);
    const it = db.prepare('SELECT * FROM jobs').iterate();
    batch = it;
    for (const job of batch) schedule(job);
  }
  batch = loadFallbackJobs();
  for (const job of batch) schedule(job);
}
`,
    // '??=' alias consumed inside the try block, before release().
    `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function copy(client: PoolClient, out: NodeJS.WritableStream, cached?: NodeJS.ReadableStream) {
  let source = cached;
  try {
    source ??= client.query(new QueryStream('SELECT * FROM events'));
    await pipeline(source, out);
  } finally {
    client.release();
  }
}
`,
    // An object container consumed in the block through its property.
    `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  await using client = new MongoClient(uri);
  const job = { name: 'orders', rows: client.db('shop').collection('orders').find() };
  for await (const row of job.rows) console.log(job.name, row);
}
`,
    // A container holding the materialized array, not the iterator, leaves the block.
    `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  await using client = new MongoClient(uri);
  const rows = await Array.fromAsync(client.db('shop').collection('orders').find());
  return { name: 'orders', rows };
}
`,
    // An array container of two cursors, both drained in the block.
    `
import { Redis } from 'ioredis';

export async function sizes(url: string) {
  const redis = new Redis(url);
  try {
    const streams = [redis.scanStream({ match: 'a:*' }), redis.scanStream({ match: 'b:*' })];
    for (const s of streams) await drain(s);
  } finally {
    await redis.quit();
  }
}
`,
    // A shadowing binding with the pool's name: the inner 'db' is a plain in-memory table.
    `
import Database from 'better-sqlite3';

export function mixed(file: string, memoryTable: Table) {
  let rows;
  {
    using db = new Database(file);
    db.pragma('optimize');
    {
      const db = memoryTable;
      rows = db.iterate();
    }
  }
  for (const r of rows) console.log(r);
}
`,
    // An alias chain that ends in a materialized array.
    `
import Database from 'better-sqlite3';

export function names(file: string) {
  let names;
  {
    using db = new Database(file);
    const rows = db.prepare('SELECT name FROM users').iterate();
    const all = rows;
    names = Array.from(all);
  }
  return names;
}
`,
    // An alias assigned a fresh array after the block, before it is consumed.
    `
import { MongoClient } from 'mongodb';

export async function orders(uri: string, offline: boolean) {
  let cursor;
  {
    await using client = new MongoClient(uri);
    cursor = client.db('shop').collection('orders').find();
    await cursor.forEach((o) => console.log(o));
  }
  cursor = offline ? [] : await loadFromCache();
  for await (const o of cursor) console.log(o);
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // 'const b = a': the alias of the cursor is consumed after the block.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function emails(uri: string) {
  let users;
  {
    await using client = new MongoClient(uri);
    const cursor = client.db('app').collection('users').find();
    users = cursor;
  }
  for await (const u of users) console.log(u.email);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'cursor'" },
              replace: ['users = cursor;', 'users = await cursor.toArray();'],
            },
          ],
        },
      ],
    },
    // A chain of aliases: const all = ...; const page = all; current = page.
    {
      code: `
import Database from 'better-sqlite3';

export function lastPage(file: string) {
  let current;
  {
    using db = new Database(file);
    const all = db.prepare('SELECT * FROM pages').iterate();
    const page = all;
    current = page;
  }
  for (const p of current) render(p);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'current' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            disposal: "line 11, end of the 'using' block",
          },
          line: 12,
          column: 19,
          endLine: 12,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'page'" },
              replace: ['current = page;', 'current = Array.from(page);'],
            },
          ],
        },
      ],
    },
    // '??=' in the try block, consumed after the finally release().
    {
      code: `
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';

export async function copy(client: PoolClient, out: NodeJS.WritableStream, cached?: NodeJS.ReadableStream) {
  let source = cached;
  try {
    source ??= client.query(new QueryStream('SELECT * FROM events'));
  } finally {
    client.release();
  }
  await pipeline(source, out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'source' (from client.query(…))",
            pool: "client 'client'",
            disposal: 'line 10, client.release() in finally',
          },
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 30,
          suggestions: [],
        },
      ],
    },
    // An object container: its property is iterated after the block.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  let job;
  {
    await using client = new MongoClient(uri);
    job = { name: 'orders', rows: client.db('shop').collection('orders').find() };
  }
  for await (const row of job.rows) console.log(job.name, row);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'job.rows' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: "line 9, end of the 'await using' block",
          },
          line: 10,
          column: 27,
          endLine: 10,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              replace: ["job = { name: 'orders', rows: client.db('shop').collection('orders').find() };", "job = { name: 'orders', rows: await client.db('shop').collection('orders').find().toArray() };"],
            },
          ],
        },
      ],
    },
    // An array container passed to a function after the finally: the call consumes it.
    {
      code: `
import { Redis } from 'ioredis';

export async function merged(url: string) {
  const redis = new Redis(url);
  let streams;
  try {
    streams = [redis.scanStream({ match: 'a:*' })];
  } finally {
    await redis.quit();
  }
  return mergeStreams(streams);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'streams' (from redis.scanStream(…))",
            pool: "client 'redis'",
            disposal: 'line 10, redis.quit() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 31,
          suggestions: [],
        },
      ],
    },
    // An array container returned from a sync generator's 'using' scope.
    {
      code: `
import Database from 'better-sqlite3';

export function* pair(file: string) {
  using db = new Database(file);
  yield 1;
  return [db.prepare('SELECT * FROM a').iterate()];
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'[db.prepare(…).iterate()]' (from db.prepare(…).iterate())",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 8, end of the 'using' block",
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              replace: ["return [db.prepare('SELECT * FROM a').iterate()];", "return [Array.from(db.prepare('SELECT * FROM a').iterate())];"],
            },
          ],
        },
      ],
    },
    // 'let r; r = it' where 'it' is a const in the block, consumed with for…of after the block.
    {
      code: `
export function squares(xs: number[]) {
  let r;
  {
    using pool = new SyncPool(2);
    const it = pool.imap(square, xs);
    r = it;
  }
  for (const x of r) console.log(x);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'r' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 8, end of the 'using' block",
          },
          line: 9,
          column: 19,
          endLine: 9,
          endColumn: 20,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'it'" },
              replace: ['r = it;', 'r = Array.from(it);'],
            },
          ],
        },
      ],
    },
    // Destructuring from an object literal that holds the iterator.
    {
      code: `
import Database from 'better-sqlite3';

export function latest(file: string) {
  let rows;
  {
    using db = new Database(file);
    ({ rows } = { rows: db.prepare('SELECT * FROM latest').iterate(), at: Date.now() });
  }
  for (const row of rows) console.log(row);
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
          column: 21,
          endLine: 10,
          endColumn: 25,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              replace: ["({ rows } = { rows: db.prepare('SELECT * FROM latest').iterate(), at: Date.now() });", "({ rows } = { rows: Array.from(db.prepare('SELECT * FROM latest').iterate()), at: Date.now() });"],
            },
          ],
        },
      ],
    },
  ]),
});
