import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// 'usedLater': a use in a function handed over before the disposal point that runs after it: a callback
// of the pool's own callback-style methods (sqlite3's `db.get(sql, cb)`), an error-first callback of another
// API (`fs.readFile(p, cb)`), a timer, a listener, a `.then` callback of a promise not awaited before the
// close. The report is on the use inside that function, and names where the function was handed over.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // Silent twin: sqlite3: a callback of `db.get` runs after `db.close()` below it: SQLITE_MISUSE.
    `
import sqlite3 from 'sqlite3';

export function bump(file: string, sql: string, update: string) {
  const db = new sqlite3.Database(file);
  db.serialize(() => {
    db.get(sql, (err: Error | null, row: { id: number }) => {
      db.run(update, [row.id], () => db.close());
    });
  });
}
`,
    // Silent twin: mysql: a query issued from the callback of another, after `end()` was called: "Cannot enqueue Query after invoking quit".
    `
import mysql from 'mysql';

export function chain(sql: string, next: string) {
  const connection = mysql.createConnection({ host: 'localhost' });
  connection.query(sql, (error: unknown) => {
    if (!error) connection.query(next);
    connection.end();
  });
}
`,
    // Silent twin: An error-first callback of another API, handed over in a `try` whose `finally` closes.
    `
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export function load(file: string, path: string) {
  const db = new Database(file);
  try {
    db.exec(readFileSync(path, 'utf8'));
  } finally {
    db.close();
  }
}
`,
    // Silent twin: A timer set before the close, whose callback uses the pool.
    `
import workerpool from 'workerpool';

export async function tick() {
  const pool = workerpool.pool();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await pool.exec('heartbeat');
  await pool.terminate();
}
`,
    // Silent twin: A `.then` callback of a promise not awaited before the close.
    `
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'basic-ftp';

export async function list(remote: string) {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com' });
    await delay(100).then(() => client.list());
  } finally {
    client.close();
  }
}
`,
    // Silent twin: A callback inside a promise executor that is awaited runs before the close: only the un-awaited one is late.
    `
import sqlite3 from 'sqlite3';

export async function bump(file: string, sql: string) {
  const db = new sqlite3.Database(file);
  await new Promise<void>((resolve) => {
    db.get(sql, (err: Error | null, row: { id: number }) => {
      db.run('UPDATE t SET n = n + 1 WHERE id = ?', [row.id], () => resolve());
    });
  });
  db.close();
}
`,
  ],
  invalid: [
    // sqlite3: a callback of `db.get` runs after `db.close()` below it: SQLITE_MISUSE.
    {
      code: `
import sqlite3 from 'sqlite3';

export function bump(file: string, sql: string, update: string) {
  const db = new sqlite3.Database(file);
  db.serialize(() => {
    db.get(sql, (err: Error | null, row: { id: number }) => {
      db.run(update, [row.id]);
    });
    db.close();
  });
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'db.run(…)'",
            pool: "database 'db'",
            disposal: "line 10, db.close()",
            callback: "the callback of 'db.get(…)', handed over at line 7"
          },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 31
        }
      ],
    },
    // mysql: a query issued from the callback of another, after `end()` was called: "Cannot enqueue Query after invoking quit".
    {
      code: `
import mysql from 'mysql';

export function chain(sql: string, next: string) {
  const connection = mysql.createConnection({ host: 'localhost' });
  connection.query(sql, (error: unknown) => {
    if (!error) connection.query(next);
  });
  connection.end();
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'connection.query(…)'",
            pool: "connection 'connection'",
            disposal: "line 9, connection.end()",
            callback: "the callback of 'connection.query(…)', handed over at line 6"
          },
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 39
        }
      ],
    },
    // An error-first callback of another API, handed over in a `try` whose `finally` closes.
    {
      code: `
import { readFile } from 'node:fs';
import Database from 'better-sqlite3';

export function load(file: string, path: string) {
  const db = new Database(file);
  try {
    readFile(path, 'utf8', (err, text) => {
      if (!err) db.exec(text);
    });
  } finally {
    db.close();
  }
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'db.exec(…)'",
            pool: "database 'db'",
            disposal: "line 12, db.close() in finally",
            callback: "the callback of 'readFile(…)', handed over at line 8"
          },
          line: 9,
          column: 17,
          endLine: 9,
          endColumn: 30
        }
      ],
    },
    // A timer set before the close, whose callback uses the pool.
    {
      code: `
import workerpool from 'workerpool';

export async function tick() {
  const pool = workerpool.pool();
  setTimeout(() => {
    void pool.exec('heartbeat');
  }, 1000);
  await pool.terminate();
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'pool.exec(…)'",
            pool: "worker pool 'pool'",
            disposal: "line 9, pool.terminate()",
            callback: "a setTimeout callback, handed over at line 6"
          },
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 32
        }
      ],
    },
    // A `.then` callback of a promise not awaited before the close.
    {
      code: `
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'basic-ftp';

export async function list(remote: string) {
  const client = new Client();
  try {
    await client.access({ host: 'ftp.example.com' });
    delay(100).then(() => client.list());
  } finally {
    client.close();
  }
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'client.list()'",
            pool: "client 'client'",
            disposal: "line 11, client.close() in finally",
            callback: "a .then callback, handed over at line 9"
          },
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 40
        }
      ],
    },
    // A callback inside a promise executor that is awaited runs before the close: only the un-awaited one is late.
    {
      code: `
import sqlite3 from 'sqlite3';

export async function bump(file: string, sql: string) {
  const db = new sqlite3.Database(file);
  const done = new Promise<void>((resolve) => {
    db.get(sql, (err: Error | null, row: { id: number }) => {
      db.run('UPDATE t SET n = n + 1 WHERE id = ?', [row.id], () => resolve());
    });
  });
  db.close();
  await done;
}
`,
      errors: [
        {
          messageId: "usedLater",
          data: {
            use: "'db.run(…)'",
            pool: "database 'db'",
            disposal: "line 11, db.close()",
            callback: "the callback of 'db.get(…)', handed over at line 7"
          },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 79
        }
      ],
    },
  ],
});
