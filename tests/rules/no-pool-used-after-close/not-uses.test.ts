import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// What is no use, and where a use is not reported: listener bookkeeping, state reads, another dispose call,
// a reopening call, `ignoreMethods`, a use inside an assertion of failure, a use in an end event's listener,
// a use after a close on an error path only (a `catch`), after a re-creation or a reopening, an explicit close
// on an object whose driver is not known, a cursor of the first rule, and a runtime's cancellation idiom. Each
// silent case has its reported twin: the same code with the one thing that makes it a use, or a bug.

const ruleTester = createRuleTester();

/** A workerpool's `exec` after the `terminate()` on line 6, in the cases that report it. */
const EXEC_AFTER_TERMINATE = { use: "'pool.exec(…)'", pool: "worker pool 'pool'", disposal: 'line 6, pool.terminate()' };

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // A function declaration hoisted after the try: when it runs is not known from where it is written
    // (postgres.js' transaction scope is called inside the try).
    `
import Database from 'better-sqlite3';

export function inTransaction(file: string, work: (run: (sql: string) => void) => void) {
  const db = new Database(file);
  try {
    scope(work);
  } finally {
    db.close();
  }

  function scope(fn: (run: (sql: string) => void) => void) {
    fn((sql) => db.exec(sql));
  }
}
`,
    // An HTTP request's end() closes its write side: it is no pool, and its setTimeout is no use after a close.
    `
import https from 'node:https';

export function post(url: string, body: string) {
  const req = https.request(url, { method: 'POST' });
  req.setTimeout(1000, () => req.destroy());
  req.write(body);
  req.end();
  req.on('response', (res) => res.resume());
}
`,
    // Silent twin: A use inside the function given to `expect(…).toThrow()` is a test of the after-close behaviour; outside a function it runs first.
    `
import Database from 'better-sqlite3';

export function check(file: string) {
  const db = new Database(file);
  const stmt = db.prepare('SELECT 1');
  db.close();
  expect(() => stmt.get()).toThrow();
}
declare const expect: (value: unknown) => { toThrow(): void };
`,
    // Silent twin: `assert.doesNotThrow` asserts the use works: a use; `assert.throws` and `assert.rejects` are tests of failure.
    `
import assert from 'node:assert';
import workerpool from 'workerpool';

export async function check() {
  const pool = workerpool.pool();
  await pool.terminate();
  assert.throws(() => pool.exec('x'));
  await assert.rejects(pool.exec('y'));
  await expect(pool.exec('z')).rejects.toThrow();
}
declare const expect: (value: unknown) => { rejects: { toThrow(): Promise<void> } };
`,
    // Silent twin: a rejection handler that asserts on the error is a test of failure too (\`t.is(err.code, …)\`).
    `
import assert from 'node:assert';
import workerpool from 'workerpool';

export async function check(t: { is(a: unknown, b: unknown): void; fail(): void }) {
  const pool = workerpool.pool();
  await pool.terminate();
  await pool.exec('x').catch((err) => t.is(err.message, 'Pool terminated'));
  await pool.exec('y').then(() => t.fail(), (err) => assert.ok(err instanceof Error));
}
`,
    // Silent twin: Listener bookkeeping, state reads and a second close are no uses; `exec` is.
    `
import workerpool from 'workerpool';

export async function stop(onError: () => void) {
  const pool = workerpool.pool();
  await pool.terminate();
  pool.removeListener('error', onError);
  console.log(pool.stats(), pool.maxWorkers);
  await pool.terminate();
}
`,
    // Silent twin: A reopening starts a new life (rule 9): uses after it are of the new one, also through a handle made before.
    `
import { MongoClient } from 'mongodb';

export async function cycle(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  await client.close();
  await client.connect();
  await users.insertOne({ name: 'a' });
  await client.close();
}
`,
    // Silent twin: A re-created binding holds a new pool.
    `
import Database from 'better-sqlite3';

export function again(file: string) {
  let db = new Database(file);
  db.close();
  db = new Database(file);
  db.exec('VACUUM');
}
`,
    // Silent twin: A close in a `catch` is error-path cleanup: the use after the `try` runs on the success path.
    `
import Database from 'better-sqlite3';

export function migrate(file: string, sql: string) {
  const db = new Database(file);
  try {
    db.exec(sql);
  } catch (error) {
    db.close();
    throw error;
  }
  db.exec('VACUUM');
  db.close();
}
`,
    // Silent twin: An explicit close counts only where the driver is known: a server's `close()` only stops accepting.
    `
import http from 'node:http';

export function stop(server: http.Server) {
  server.close();
  server.closeAllConnections();
}
`,
    // Silent twin: A use in the pool's own `'close'` listener runs as it closes.
    `
import sqlite3 from 'sqlite3';

export function audit(file: string) {
  const db = new sqlite3.Database(file);
  db.on('close', () => console.log(db.open));
  db.close();
}
`,
    // Silent twin: A cursor after the close is the first rule's report; the collection's own call after the close is this rule's.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await client.close();
  return cursor.toArray();
}
`,
    // Silent twin: `ignoreMethods`: uses that are safe after close in your driver.
    { code: `
import workerpool from 'workerpool';

export async function stop() {
  const pool = workerpool.pool();
  await pool.terminate();
  await pool.exec('restarts');
}
`, options: [{"ignoreMethods":["exec"]}] },
    // Silent twin: Deno's listener: a close ends the iteration over it, no error (the cancellation idiom); a database is no such pool.
    `
export async function drain(log: (x: unknown) => void) {
  let kept;
  {
    using listener = Deno.listen({ port: 0 });
    kept = listener;
  }
  for await (const conn of kept) log(conn);
}
`,
  ],
  invalid: [
    // A rejection handler that only logs the error swallows it: a use, no test of failure.
    {
      code: `
import workerpool from 'workerpool';

export async function check() {
  const pool = workerpool.pool();
  await pool.terminate();
  await pool.exec('x').catch((err) => console.error(err));
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: EXEC_AFTER_TERMINATE,
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 23
        }
      ],
    },
    // A use inside the function given to `expect(…).toThrow()` is a test of the after-close behaviour; outside a function it runs first.
    {
      code: `
import Database from 'better-sqlite3';

export function check(file: string) {
  const db = new Database(file);
  const stmt = db.prepare('SELECT 1');
  db.close();
  expect(stmt.get()).toThrow();
}
declare const expect: (value: unknown) => { toThrow(): void };
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
    // `assert.doesNotThrow` asserts the use works: a use; `assert.throws` and `assert.rejects` are tests of failure.
    {
      code: `
import assert from 'node:assert';
import workerpool from 'workerpool';

export async function check() {
  const pool = workerpool.pool();
  await pool.terminate();
  assert.doesNotThrow(() => pool.exec('x'));
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'pool.exec(…)'",
            pool: "worker pool 'pool'",
            disposal: "line 7, pool.terminate()"
          },
          line: 8,
          column: 29,
          endLine: 8,
          endColumn: 43
        }
      ],
    },
    // Listener bookkeeping, state reads and a second close are no uses; `exec` is.
    {
      code: `
import workerpool from 'workerpool';

export async function stop() {
  const pool = workerpool.pool();
  await pool.terminate();
  pool.exec('late');
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: EXEC_AFTER_TERMINATE,
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 20
        }
      ],
    },
    // A reopening starts a new life (rule 9): uses after it are of the new one, also through a handle made before.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function cycle(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  await client.close();
  await users.insertOne({ name: 'a' });
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'users.insertOne(…)'",
            pool: "client 'client'",
            disposal: "line 7, client.close()"
          },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 39
        }
      ],
    },
    // A re-created binding holds a new pool.
    {
      code: `
import Database from 'better-sqlite3';

export function again(file: string) {
  let db = new Database(file);
  db.close();
  db.exec('VACUUM');
  db = new Database(file);
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'db.exec(…)'",
            pool: "database 'db'",
            disposal: "line 6, db.close()"
          },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 20
        }
      ],
    },
    // A close in a `catch` is error-path cleanup: the use after the `try` runs on the success path.
    {
      code: `
import Database from 'better-sqlite3';

export function migrate(file: string, sql: string) {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  db.exec('VACUUM');
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'db.exec(…)'",
            pool: "database 'db'",
            disposal: "line 9, db.close() in finally"
          },
          line: 11,
          column: 3,
          endLine: 11,
          endColumn: 20
        }
      ],
    },
    // An explicit close counts only where the driver is known: a server's `close()` only stops accepting.
    {
      code: `
import { Client } from 'basic-ftp';

export async function done(client: Client) {
  client.close();
  await client.list();
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'client.list()'",
            pool: "client 'client'",
            disposal: "line 5, client.close()"
          },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 22
        }
      ],
    },
    // A use in the pool's own `'close'` listener runs as it closes.
    {
      code: `
import sqlite3 from 'sqlite3';

export function audit(file: string) {
  const db = new sqlite3.Database(file);
  process.on('SIGINT', () => db.run('INSERT INTO log VALUES (1)'));
  db.close();
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'db.run(…)'",
            pool: "database 'db'",
            disposal: "line 7, db.close()",
            callback: "a 'SIGINT' listener, handed over at line 6"
          },
          line: 6,
          column: 30,
          endLine: 6,
          endColumn: 66
        }
      ],
    },
    // A cursor after the close is the first rule's report; the collection's own call after the close is this rule's.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  await client.close();
  return users.countDocuments();
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'users.countDocuments()'",
            pool: "client 'client'",
            disposal: "line 7, client.close()"
          },
          line: 8,
          column: 10,
          endLine: 8,
          endColumn: 32
        }
      ],
    },
    // `ignoreMethods`: uses that are safe after close in your driver.
    {
      code: `
import workerpool from 'workerpool';

export async function stop() {
  const pool = workerpool.pool();
  await pool.terminate();
  await pool.proxy();
}
`, options: [{"ignoreMethods":["exec"]}],
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'pool.proxy()'",
            pool: "worker pool 'pool'",
            disposal: "line 6, pool.terminate()"
          },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 21
        }
      ],
    },
    // Deno's listener: a close ends the iteration over it, no error (the cancellation idiom); a database is no such pool.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

export function drain(file: string, log: (x: unknown) => void) {
  let kept;
  {
    using db = new DatabaseSync(file);
    kept = db;
  }
  for (const x of kept) log(x);
}
`,
      errors: [
        {
          messageId: "usedAfterClose",
          data: {
            use: "'kept'",
            pool: "database 'db'",
            disposal: "line 9, end of the 'using' block"
          },
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 23
        }
      ],
    },
  ],
});
