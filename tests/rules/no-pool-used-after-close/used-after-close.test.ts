import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// 'usedAfterClose' and 'mayBeUsedAfterClose': a use of the pool, or of a handle made from it, that can run
// after the disposal point in the same function: after an explicit close (on every path, or on some), after
// the `try` whose `finally` closes, after a `using` block through an outer alias, after a scoped factory's
// callback through an outer binding. Each reported case has its silent twin, the use moved before the close.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // Silent twin: workerpool: `exec` after `terminate(true)` revives the pool and hangs.
    `
import workerpool from 'workerpool';

export async function run() {
  const pool = workerpool.pool();
  const result = await pool.exec('myOperation');
  await pool.terminate(true);
  return result;
}
`,
    // Silent twin: better-sqlite3: a prepared statement used after the database's close.
    `
import Database from 'better-sqlite3';

export function count(file: string) {
  const db = new Database(file);
  const stmt = db.prepare('SELECT count(*) AS n FROM t');
  const row = stmt.get();
  db.close();
  return row;
}
`,
    // Silent twin: Data read before the close is no handle: `rows.map(f)` after it is fine; the chained `prepare` after it is a use.
    `
import Database from 'better-sqlite3';

export function names(file: string) {
  const db = new Database(file);
  const rows = db.prepare('SELECT name FROM t').all() as { name: string }[];
  db.close();
  return rows.map((row) => row.name);
}
`,
    // Silent twin: A close inside an `if` in straight-line code is a disposal point on the paths through it.
    `
import Database from 'better-sqlite3';

export function maybe(file: string, readOnly: boolean) {
  const db = new Database(file);
  if (readOnly) {
    db.close();
    return;
  }
  db.exec('DELETE FROM t');
}
`,
    // Silent twin: A `try` whose `finally` closes: a use after the `try` statement (amqplib's channel).
    `
import amqp from 'amqplib';

export async function publish(url: string, body: Buffer) {
  const conn = await amqp.connect(url);
  try {
    const ch = await conn.createChannel();
    ch.sendToQueue('jobs', body);
    await ch.close();
  } finally {
    await conn.close();
  }
}
`,
    // Silent twin: A channel made from the connection, used after the connection is closed in `finally`.
    `
import amqp from 'amqplib';

export async function publish(url: string, body: Buffer) {
  const conn = await amqp.connect(url);
  let ch;
  try {
    ch = await conn.createChannel();
    ch.sendToQueue('jobs', body);
  } finally {
    await conn.close();
  }
}
`,
    // Silent twin: node:sqlite: a statement made in a `using` block, used after the block through an outer binding.
    `
import { DatabaseSync } from 'node:sqlite';

export function lookup(file: string, id: number) {
  let row;
  {
    using db = new DatabaseSync(file);
    const stmt = db.prepare('SELECT * FROM t WHERE id = ?');
    row = stmt.get(id);
  }
  return row;
}
`,
    // Silent twin: An alias of the pool, used after the `using` block that disposed it.
    `
import { DatabaseSync } from 'node:sqlite';

export function later(file: string) {
  {
    using db = new DatabaseSync(file);
    const kept = db;
    kept.exec('VACUUM');
  }
}
`,
    // Silent twin: knex: a call of the pool itself after `destroy()`.
    `
import knex from 'knex';

export async function last(config: object) {
  const db = knex(config);
  const rows = await db('events').select('*');
  await db.destroy();
  return rows;
}
`,
    // Silent twin: A `for…of` over the pool after its close.
    `
import { DatabaseSync } from 'node:sqlite';

export function loop(file: string, log: (x: unknown) => void) {
  {
    using db = new DatabaseSync(file);
    for (const x of db) log(x);
  }
}
`,
    // Silent twin: A function of the file given the pool after the close, which uses it (rule 16, one level).
    `
import Database from 'better-sqlite3';

function isOpen(db: Database.Database) {
  return db.open;
}

export function reset(file: string) {
  const db = new Database(file);
  db.close();
  return isOpen(db);
}
`,
    // Silent twin: A scoped factory's pool, kept in an outer binding and used after the callback settled.
    { code: `
declare function withPool<T>(size: number, fn: (pool: { exec(name: string): Promise<T> }) => Promise<T>): Promise<T>;

export async function leak() {
  return withPool(4, async (pool) => {
    await pool.exec('warm');
    return pool.exec('again');
  });
}
`, options: [{"scopedFactories":["withPool"]}] },
    // Silent twin: the uses in the steps of the awaited chain whose last step closes run before the close.
    `
import { MongoClient } from 'mongodb';

export async function count(uri: string) {
  let n = 0;
  await new MongoClient(uri).connect().then(async (client) => {
    n = await client.db('app').collection('users').countDocuments();
  });
  const client = new MongoClient(uri);
  await client
    .connect()
    .then(async () => {
      n += await client.db('app').collection('users').countDocuments();
    })
    .finally(() => client.close());
  return n;
}
`,
  ],
  invalid: [
    // The last step of an awaited chain closes: a use after the 'await' runs after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function count(uri: string) {
  const client = new MongoClient(uri);
  await client.connect().finally(() => client.close());
  return client.db('app').collection('users').countDocuments();
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'client.db(…)'",
            pool: "client 'client'",
            disposal: "line 6, client.connect().finally(…)"
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 26
        }
      ],
    },
    // workerpool: `exec` after `terminate(true)` revives the pool and hangs.
    {
      code: `
import workerpool from 'workerpool';

export async function run() {
  const pool = workerpool.pool();
  await pool.terminate(true);
  const result = await pool.exec('myOperation');
  return result;
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'pool.exec(…)'",
            pool: "worker pool 'pool'",
            disposal: "line 6, pool.terminate(…)"
          },
          line: 7,
          column: 24,
          endLine: 7,
          endColumn: 48
        }
      ],
    },
    // better-sqlite3: a prepared statement used after the database's close.
    {
      code: `
import Database from 'better-sqlite3';

export function count(file: string) {
  const db = new Database(file);
  const stmt = db.prepare('SELECT count(*) AS n FROM t');
  db.close();
  return stmt.get();
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'stmt.get()'",
            pool: "database 'db'",
            disposal: "line 7, db.close()"
          },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 20
        }
      ],
    },
    // Data read before the close is no handle: `rows.map(f)` after it is fine; the chained `prepare` after it is a use.
    {
      code: `
import Database from 'better-sqlite3';

export function names(file: string) {
  const db = new Database(file);
  db.close();
  return db.prepare('SELECT name FROM t').all();
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'db.prepare(…)'",
            pool: "database 'db'",
            disposal: "line 6, db.close()"
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 42
        }
      ],
    },
    // A close inside an `if` in straight-line code is a disposal point on the paths through it.
    {
      code: `
import Database from 'better-sqlite3';

export function maybe(file: string, readOnly: boolean) {
  const db = new Database(file);
  if (readOnly) db.close();
  db.exec('DELETE FROM t');
}
`,
      errors: [
        {
          messageId: "mayBeUsedAfterClose",
          data: {
            use: "'db.exec(…)'",
            pool: "database 'db'",
            disposal: "line 6, db.close()"
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 27
        }
      ],
    },
    // A `try` whose `finally` closes: a use after the `try` statement (amqplib's channel).
    {
      code: `
import amqp from 'amqplib';

export async function publish(url: string, body: Buffer) {
  const conn = await amqp.connect(url);
  try {
    await conn.createChannel();
  } finally {
    await conn.close();
  }
  await conn.createChannel();
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'conn.createChannel()'",
            pool: "connection 'conn'",
            disposal: "line 9, conn.close() in finally"
          },
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 29
        }
      ],
    },
    // A channel made from the connection, used after the connection is closed in `finally`.
    {
      code: `
import amqp from 'amqplib';

export async function publish(url: string, body: Buffer) {
  const conn = await amqp.connect(url);
  let ch;
  try {
    ch = await conn.createChannel();
  } finally {
    await conn.close();
  }
  ch.sendToQueue('jobs', body);
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'ch.sendToQueue(…)'",
            pool: "connection 'conn'",
            disposal: "line 10, conn.close() in finally"
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 31
        }
      ],
    },
    // node:sqlite: a statement made in a `using` block, used after the block through an outer binding.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function lookup(file: string, id: number) {
  let stmt;
  {
    using db = new DatabaseSync(file);
    stmt = db.prepare('SELECT * FROM t WHERE id = ?');
  }
  return stmt.get(id);
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'stmt.get(…)'",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block"
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 22
        }
      ],
    },
    // An alias of the pool, used after the `using` block that disposed it.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function later(file: string) {
  let kept;
  {
    using db = new DatabaseSync(file);
    kept = db;
  }
  kept.exec('VACUUM');
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'kept.exec(…)'",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block"
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 22
        }
      ],
    },
    // knex: a call of the pool itself after `destroy()`.
    {
      code: `
import knex from 'knex';

export async function last(config: object) {
  const db = knex(config);
  await db.destroy();
  return db('events').select('*');
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'db(…)'",
            pool: "database 'db'",
            disposal: "line 6, db.destroy()"
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 22
        }
      ],
    },
    // A `for…of` over the pool after its close.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function loop(file: string, log: (x: unknown) => void) {
  let db;
  {
    using opened = new DatabaseSync(file);
    db = opened;
  }
  for (const x of db) log(x);
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'db'",
            pool: "database 'opened'",
            disposal: "line 9, end of the 'using' block"
          },
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 21
        }
      ],
    },
    // A function of the file given the pool after the close, which uses it (rule 16, one level).
    {
      code: `
import Database from 'better-sqlite3';

function wipe(db: Database.Database) {
  db.exec('DELETE FROM t');
}

export function reset(file: string) {
  const db = new Database(file);
  db.close();
  wipe(db);
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'wipe(…)'",
            pool: "database 'db'",
            disposal: "line 10, db.close()"
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 11
        }
      ],
    },
    // A scoped factory's pool, kept in an outer binding and used after the callback settled.
    {
      code: `
declare function withPool<T>(size: number, fn: (pool: { exec(name: string): Promise<T> }) => Promise<T>): Promise<T>;

export async function leak() {
  let kept: { exec(name: string): Promise<number> } | undefined;
  await withPool(4, async (pool) => {
    kept = pool;
    return pool.exec('warm');
  });
  return kept?.exec('again');
}
`, options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'kept?.exec(…)'",
            pool: "pool 'pool'",
            disposal: "line 9, when the 'withPool' callback settles"
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 29
        }
      ],
    },
  ],
});
