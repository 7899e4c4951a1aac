import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// The rule names a pool as no-iterator-outlives-pool does (its pool-nouns.test.ts): by its driver's
// noun, else by what its initialiser holds, else `pool`.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [],
  invalid: [
    // sqlite3: a database.
    {
      code: `
import sqlite3 from 'sqlite3';

export function store(file: string) {
  const db = new sqlite3.Database(file);
  db.close();
  db.run('INSERT INTO t VALUES (1)');
}
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'db.run(…)'", pool: "database 'db'", disposal: 'line 6, db.close()' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 37,
        },
      ],
    },
    // mysql: a connection, also with its closes declared by the option.
    {
      code: `
import mysql from 'mysql';

export function store() {
  const conn = mysql.createConnection({ host: 'db' });
  conn.destroy();
  conn.query('INSERT INTO t VALUES (1)');
}
`,
      options: [{ closes: [{ module: 'mysql', methods: ['destroy'], behaviour: 'abrupt' }] }],
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'conn.query(…)'", pool: "connection 'conn'", disposal: 'line 6, conn.destroy()' },
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 41,
        },
      ],
    },
    // A value a stack adopted: what its driver makes.
    {
      code: `
import knex from 'knex';

export async function store() {
  await using stack = new AsyncDisposableStack();
  const db = stack.adopt(knex({ client: 'pg' }), (k) => k.destroy());
  setTimeout(() => db('t').insert({ id: 1 }), 1000);
}

export async function later() {
  let alias;
  {
    await using stack = new AsyncDisposableStack();
    const db = stack.adopt(knex({ client: 'pg' }), (k) => k.destroy());
    alias = db;
  }
  await alias('t').insert({ id: 1 });
}
`,
      errors: [
        {
          messageId: 'usedLater',
          data: {
            use: "'db(…)'",
            pool: "database 'db'",
            callback: 'a setTimeout callback, handed over at line 7',
            disposal: "line 8, by stack 'stack' at the end of its 'await using' block",
          },
          line: 7,
          column: 20,
          endLine: 7,
          endColumn: 27,
        },
        {
          messageId: 'usedAfterClose',
          data: { use: "'alias(…)'", pool: "database 'db'", disposal: "line 16, by stack 'stack' at the end of its 'await using' block" },
          line: 17,
          column: 9,
          endLine: 17,
          endColumn: 19,
        },
      ],
    },
    // A file handle, as its initialiser says.
    {
      code: `
import { open } from 'node:fs/promises';

export async function size(path: string) {
  const file = await open(path);
  try {
    await file.read();
  } finally {
    await file.close();
  }
  return file.stat();
}
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'file.stat()'", pool: "file handle 'file'", disposal: 'line 9, file.close() in finally' },
          line: 11,
          column: 10,
          endLine: 11,
          endColumn: 21,
        },
      ],
    },
    // A driver not known: a pool.
    {
      code: `
import { connect } from 'some-db';

export async function store() {
  const conn = await connect();
  try {
    await conn.run('INSERT INTO t VALUES (1)');
  } finally {
    await conn.close();
  }
  await conn.run('INSERT INTO t VALUES (2)');
}
`,
      errors: [
        {
          messageId: 'usedAfterClose',
          data: { use: "'conn.run(…)'", pool: "pool 'conn'", disposal: 'line 9, conn.close() in finally' },
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 45,
        },
      ],
    },
  ],
});
