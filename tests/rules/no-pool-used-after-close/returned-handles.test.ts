import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// 'usedAfterClose' in the caller: a function of the file returns its pool, an alias of it or a handle made from
// it (a prepared statement) out of the scope that closes the pool as the function ends (a `using` declaration,
// a `finally` block). Every use of the result in a caller comes after the close. Each reported case has its
// silent twin: data returned instead of the handle, no close in the function, a reopen in the caller, an
// assertion of failure.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // Silent twin: node:sqlite: the function returns the row, read before the `using` scope ends.
    `
import { DatabaseSync } from 'node:sqlite';

function countRow(path: string) {
  using db = new DatabaseSync(path);
  const alias = db;
  return alias.prepare('SELECT count(*) AS n FROM events').get();
}

const row = countRow('data.db');
console.log(row);
`,
    // Silent twin: the function prepares on a database it is given and does not close: the caller's statement is live.
    `
import { DatabaseSync } from 'node:sqlite';

function prepareCount(db: DatabaseSync) {
  return db.prepare('SELECT count(*) AS n FROM events');
}

using db = new DatabaseSync('data.db');
const stmt = prepareCount(db);
console.log(stmt.get());
`,
    // Silent twin: better-sqlite3: a statement returned from a try whose finally closes only on failure.
    `
import Database from 'better-sqlite3';

function prepareAll(file: string) {
  const db = new Database(file);
  let ok = false;
  try {
    const stmt = db.prepare('SELECT * FROM t');
    ok = true;
    return stmt;
  } finally {
    if (!ok) db.close();
  }
}

const stmt = prepareAll('app.db');
console.log(stmt.all());
`,
    // Silent twin: the database returned closed is opened again before its use.
    `
import { DatabaseSync } from 'node:sqlite';

function openDb(path: string) {
  using db = new DatabaseSync(path);
  return db;
}

const db = openDb('data.db');
db.open();
db.exec('VACUUM');
`,
    // Silent twin: a test of the after-close behaviour.
    `
import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';

function prepareCount(path: string) {
  using db = new DatabaseSync(path);
  return db.prepare('SELECT count(*) AS n FROM events');
}

it('finalizes the statement', () => {
  const stmt = prepareCount(':memory:');
  expect(() => stmt.get()).toThrow();
});
`,
    // Silent twin: an async function's result, not awaited, is a promise: its methods are no uses of the statement.
    `
import { DatabaseSync } from 'node:sqlite';

async function prepareLater(path: string) {
  using db = new DatabaseSync(path);
  return db.prepare('SELECT 1');
}

prepareLater('data.db').then(() => undefined);
`,
  ],
  invalid: [
    // node:sqlite (nodejs/node#57493): a statement prepared through an alias of a `using` database, returned.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

function prepareCount(path: string) {
  using db = new DatabaseSync(path);
  const alias = db;
  return alias.prepare('SELECT count(*) AS n FROM events');
}

const stmt = prepareCount('data.db');
console.log(stmt.get());
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'stmt.get()'", pool: "database 'db'", disposal: "line 8, end of the 'using' block" },
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 23,
        },
      ],
    },
    // The same used in place, and the database itself returned from its `using` scope.
    {
      code: `
import { DatabaseSync } from 'node:sqlite';

function prepareCount(path: string) {
  using db = new DatabaseSync(path);
  return db.prepare('SELECT count(*) AS n FROM events');
}

function openDb(path: string) {
  using db = new DatabaseSync(path);
  return db;
}

console.log(prepareCount('data.db').get());
openDb('data.db').exec('VACUUM');
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'prepareCount(…).get()'", pool: "database 'db'", disposal: "line 7, end of the 'using' block" },
          line: 14,
          column: 13,
          endLine: 14,
          endColumn: 42,
        },
        {
          messageId: 'usedAfterClose',
          data: { use: "'openDb(…).exec(…)'", pool: "database 'db'", disposal: "line 12, end of the 'using' block" },
          line: 15,
          column: 1,
          endLine: 15,
          endColumn: 33,
        },
      ],
    },
    // better-sqlite3: a statement returned from a `try` whose `finally` closes the database, awaited by the caller.
    {
      code: `
import Database from 'better-sqlite3';

async function prepareAll(file: string) {
  const db = new Database(file);
  try {
    return db.prepare('SELECT * FROM t');
  } finally {
    db.close();
  }
}

export async function main() {
  const stmt = await prepareAll('app.db');
  const alias = stmt;
  return alias.all();
}
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'alias.all()'", pool: "database 'db'", disposal: 'line 9, db.close() in finally' },
          line: 16,
          column: 10,
          endLine: 16,
          endColumn: 21,
        },
      ],
    },
  ],
});
