import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// 'notAwaited': an asynchronous operation on the pool, started in the scope and neither awaited nor finished
// before a close that does not wait for it: a promise left floating (`client.downloadTo(…)`, a `.then` chain
// in a `forEach`, a promise returned from a `try` whose `finally` closes), or a callback-style call before an
// abrupt close, or before the graceful close of a pool that acquires connections asynchronously (mysql's
// `createPool`, knex). A graceful close waits for what it was given: mysql's `connection.query(sql, cb);
// connection.end()` is silent. The report is on the operation.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // A callback-style operation that settles a promise awaited in place: the scope waits for it before the close.
    `
import { Client } from 'basic-ftp';

export async function size(client: Client, path: string) {
  try {
    const bytes = await new Promise((resolve, reject) => {
      client.size(path).then(resolve, reject);
    });
    const listed = await new Promise((resolve) => {
      client.list(path).then(resolve);
    });
    return [bytes, listed];
  } finally {
    client.close();
  }
}
`,
    `
import { connect } from './snmp.js';

export async function read(host: string, oid: string) {
  const session = connect(host);
  try {
    return await new Promise((resolve, reject) => {
      session.get([oid], (error: Error | null, varbinds: unknown[]) => (error ? reject(error) : resolve(varbinds)));
    });
  } finally {
    session.close();
  }
}
`,
    // A close on the other branch of an 'if', and one in the operation's own callback: no path leads from the
    // query to a close that does not wait for it (pg's client in a callback-style health check).
    `
import { Client } from 'pg';

export function check(config: object, sql: string) {
  return new Promise((resolve, reject) => {
    const client = new Client(config);
    client.connect((err) => {
      if (err) {
        reject(err);
        client.end();
      } else {
        client.query(sql, (error, result) => {
          if (error) reject(error);
          else resolve(result);
          client.end();
        });
      }
    });
  });
}
`,
    // Silent twin: basic-ftp: a download left floating in a `try` whose `finally` closes the client: it never settles.
    `
import { Client } from 'basic-ftp';

export async function fetchFile(out: string, remotePath: string) {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com' });
    await client.downloadTo(out, remotePath);
  } finally {
    client.close();
  }
}
`,
    // Silent twin: A promise returned from the `try` without `await`: the `finally` closes before it settles.
    `
import { Client } from 'basic-ftp';

export async function fetchFile(out: string, remotePath: string) {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com' });
    return await client.downloadTo(out, remotePath);
  } finally {
    client.close();
  }
}
`,
    // Silent twin: knex: inserts started in `forEach`, then `destroy()`: the ones still waiting for a connection fail.
    `
import knex from 'knex';

export async function save(config: object, rows: object[], log: (x: unknown) => void) {
  const db = knex(config);
  await Promise.all(rows.map((row) => db('events').insert(row).then(log)));
  await db.destroy();
}
`,
    // mysql's connection: `end()` waits for the queries queued before it (the driver's own example).
    `
import mysql from 'mysql';

export function ping(sql: string, cb: (error: unknown) => void) {
  const connection = mysql.createConnection({ host: 'localhost' });
  connection.query(sql, cb);
  connection.end();
}
`,
    // Silent twin: workerpool: a task left floating when the pool is terminated is rejected.
    `
import workerpool from 'workerpool';

export async function warm() {
  const pool = workerpool.pool();
  await pool.exec('warmCache');
  await pool.terminate(true);
}
`,
    // Silent twin: A callback-style call on a pool of unknown driver, closed abruptly in `finally`.
    `
export async function report(pool: { connect(): Promise<{ query(sql: string, cb: (e: unknown) => void): void; release(): void }> }) {
  const client = await pool.connect();
  try {
    await new Promise((resolve) => client.query('SELECT 1', resolve));
  } finally {
    client.release();
  }
}
`,
    // Silent twin: A graceful close of a pool acquiring asynchronously: an `await` between the query and the close lets it get its connection.
    `
import mysql from 'mysql';

export async function ping(sql: string, cb: (error: unknown) => void) {
  const pool = mysql.createPool({ connectionLimit: 2 });
  pool.query(sql, cb);
  await new Promise((resolve) => setTimeout(resolve, 10));
  pool.end();
}
`,
    // Silent twin: Synchronous drivers leave nothing running (better-sqlite3); a known promise method is an operation (ioredis).
    `
import Database from 'better-sqlite3';

export function touch(file: string) {
  const db = new Database(file);
  db.exec('UPDATE t SET n = n + 1');
  db.close();
}
`,
    // Silent twin: ioredis: `quit()` waits for the commands already sent; `disconnect()` does not.
    `
import Redis from 'ioredis';

export async function touch(key: string) {
  const redis = new Redis();
  redis.incr(key).then(console.log);
  await redis.quit();
}
`,
  ],
  invalid: [
    // Twins of the awaited executor: its promise settles before the operation's callback runs, or is not awaited
    // before the close.
    {
      code: `
import { connect } from './snmp.js';

export async function read(host: string, oid: string, log: (error: Error | null) => void) {
  const session = connect(host);
  try {
    await new Promise((resolve) => {
      session.get([oid], (error: Error | null) => log(error));
      resolve(undefined);
    });
    const pending = new Promise((resolve, reject) => {
      session.get([oid], (error: Error | null, varbinds: unknown[]) => (error ? reject(error) : resolve(varbinds)));
    });
    return pending;
  } finally {
    session.close();
  }
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: { use: "'session.get(…)'", pool: "pool 'session'", disposal: 'line 16, session.close() in finally', behaviour: 'close() does not wait for it' },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 62,
        },
        {
          messageId: 'notAwaited',
          data: { use: "'session.get(…)'", pool: "pool 'session'", disposal: 'line 16, session.close() in finally', behaviour: 'close() does not wait for it' },
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 116,
        },
      ],
    },
    // Twin: the close on the query's own branch, right after it.
    {
      code: `
import { Client } from 'pg';

export function check(config: object, sql: string) {
  return new Promise((resolve, reject) => {
    const client = new Client(config);
    client.connect((err) => {
      if (err) {
        reject(err);
        client.end();
      } else {
        client.query(sql, (error, result) => (error ? reject(error) : resolve(result)));
        client.end();
      }
    });
  });
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            use: "'client.query(…)'",
            pool: "client 'client'",
            disposal: 'line 13, client.end()',
            behaviour: "pg's end() does not wait for it",
          },
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 88,
        },
      ],
    },
    // basic-ftp: a download left floating in a `try` whose `finally` closes the client: it never settles.
    {
      code: `
import { Client } from 'basic-ftp';

export async function fetchFile(out: string, remotePath: string) {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com' });
    client.downloadTo(out, remotePath);
  } finally {
    client.close();
  }
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'client.downloadTo(…)'",
            pool: "client 'client'",
            disposal: "line 10, client.close() in finally",
            behaviour: "basic-ftp's close() does not wait for it"
          },
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 39
        }
      ],
    },
    // A promise returned from the `try` without `await`: the `finally` closes before it settles.
    {
      code: `
import { Client } from 'basic-ftp';

export async function fetchFile(out: string, remotePath: string) {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com' });
    return client.downloadTo(out, remotePath);
  } finally {
    client.close();
  }
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'client.downloadTo(…)'",
            pool: "client 'client'",
            disposal: "line 10, client.close() in finally",
            behaviour: "basic-ftp's close() does not wait for it"
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 46
        }
      ],
    },
    // knex: inserts started in `forEach`, then `destroy()`: the ones still waiting for a connection fail.
    {
      code: `
import knex from 'knex';

export async function save(config: object, rows: object[], log: (x: unknown) => void) {
  const db = knex(config);
  rows.forEach((row) => db('events').insert(row).then(log));
  await db.destroy();
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'db(…).insert(…)'",
            pool: "database 'db'",
            disposal: "line 7, db.destroy()",
            behaviour: "knex's destroy() fails the operations still waiting for a connection"
          },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 49
        }
      ],
    },
    // mysql's pool: a query waiting for a connection when `end()` comes fails "Pool is closed".
    {
      code: `
import mysql from 'mysql';

export function ping(sql: string, cb: (error: unknown) => void) {
  const pool = mysql.createPool({ connectionLimit: 2 });
  pool.query(sql, cb);
  pool.end();
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'pool.query(…)'",
            pool: "pool 'pool'",
            disposal: "line 7, pool.end()",
            behaviour: "mysql's end() fails the operations still waiting for a connection"
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 22
        }
      ],
    },
    // workerpool: a task left floating when the pool is terminated is rejected.
    {
      code: `
import workerpool from 'workerpool';

export async function warm() {
  const pool = workerpool.pool();
  pool.exec('warmCache');
  await pool.terminate(true);
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'pool.exec(…)'",
            pool: "worker pool 'pool'",
            disposal: "line 7, pool.terminate(…)",
            behaviour: "workerpool's terminate(true) does not wait for it"
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 25
        }
      ],
    },
    // A callback-style call on a pool of unknown driver, closed abruptly in `finally`.
    {
      code: `
export async function report(pool: { connect(): Promise<{ query(sql: string, cb: (e: unknown) => void): void; release(): void }> }) {
  const client = await pool.connect();
  try {
    client.query('SELECT 1', (e) => console.log(e));
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'client.query(…)'",
            pool: "pool 'client'",
            disposal: "line 7, client.release() in finally",
            behaviour: "release() does not wait for it"
          },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 52
        }
      ],
    },
    // A graceful close of a pool acquiring asynchronously: an `await` between the query and the close lets it get its connection.
    {
      code: `
import mysql from 'mysql';

export async function ping(sql: string, cb: (error: unknown) => void) {
  const pool = mysql.createPool({ connectionLimit: 2 });
  await Promise.resolve();
  pool.query(sql, cb);
  pool.end();
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'pool.query(…)'",
            pool: "pool 'pool'",
            disposal: "line 8, pool.end()",
            behaviour: "mysql's end() fails the operations still waiting for a connection"
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 22
        }
      ],
    },
    // Synchronous drivers leave nothing running (better-sqlite3); a known promise method is an operation (ioredis).
    {
      code: `
import Redis from 'ioredis';

export async function touch(key: string) {
  const redis = new Redis();
  redis.set(key, '1');
  redis.disconnect();
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'redis.set(…)'",
            pool: "client 'redis'",
            disposal: "line 7, redis.disconnect()",
            behaviour: "ioredis's disconnect() does not wait for it"
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 22
        }
      ],
    },
    // ioredis: `quit()` waits for the commands already sent; `disconnect()` does not.
    {
      code: `
import Redis from 'ioredis';

export async function touch(key: string) {
  const redis = new Redis();
  redis.incr(key).then(console.log);
  redis.disconnect();
}
`,
      errors: [
        {
          messageId: "notAwaited",
          data: {
            use: "'redis.incr(…)'",
            pool: "client 'redis'",
            disposal: "line 7, redis.disconnect()",
            behaviour: "ioredis's disconnect() does not wait for it"
          },
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 18
        }
      ],
    },
  ],
});
