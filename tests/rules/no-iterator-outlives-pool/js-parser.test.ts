import path from 'node:path';
import { NamedRuleTester as RuleTester, node22Project } from '../rule-tester.js';
import * as espree from 'espree';

import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Plain JavaScript through ESLint's default parser (espree, ecmaVersion 2026 parses 'using').
// Espree follows the spec and rejects 'using' directly in a 'case' clause, so the switch
// form is tested with the TypeScript parser only (using.test.ts).

const ruleTester = new RuleTester({
  languageOptions: { parser: espree, ecmaVersion: 2026, sourceType: 'module' },
  defaultFilenames: { ts: path.join(node22Project, 'file.js'), tsx: path.join(node22Project, 'react.jsx') },
});

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Consumed inside the 'await using' block.
    `
import { MongoClient } from 'mongodb';

export async function emails(uri) {
  await using client = new MongoClient(uri);
  for await (const u of client.db('app').collection('users').find()) console.log(u.email);
}
`,
    // Consumed inside the try block before release().
    `
import QueryStream from 'pg-query-stream';

export async function copy(pool, out) {
  const client = await pool.connect();
  try {
    await pipeline(client.query(new QueryStream('SELECT * FROM events')), out);
  } finally {
    client.release();
  }
}
`,
    // A generator holding the pool yields the iterator's items.
    `
import Database from 'better-sqlite3';

export function* rows(file) {
  using db = new Database(file);
  yield* db.prepare('SELECT * FROM t').iterate();
}
`,
    // Awaited find() of an ORM resolves to plain data.
    `
export async function listUsers(dataSource) {
  const qr = dataSource.createQueryRunner();
  let users;
  try {
    users = await qr.manager.find('User');
  } finally {
    await qr.release();
  }
  return users;
}
`,
    // Materialized in the module body before the module ends.
    `
import { ClassicLevel } from 'classic-level';

await using db = new ClassicLevel('./data');
export const keys = await Array.fromAsync(db.keys());
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // The contract's opening example, in JavaScript.
    {
      code: `
let results;
{
  await using pool = new WorkerPool(8);
  results = pool.imapUnordered(work, tasks);
}
for await (const r of results) log(r);
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imapUnordered(…))",
            pool: "pool 'pool'",
            disposal: "line 6, end of the 'await using' block",
          },
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imapUnordered(…)'" },
              materialize: 'pool.imapUnordered(work, tasks)',
            },
          ],
        },
      ],
    },
    // Sync 'using' and better-sqlite3, returned from the function.
    {
      code: `
import Database from 'better-sqlite3';

export function auditRows(file) {
  using db = new Database(file);
  return db.prepare('SELECT * FROM audit').iterate();
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.prepare(…).iterate()'",
            pool: "database 'db'",
            escape: 'returned',
            disposal: "line 7, end of the 'using' block",
          },
          line: 6,
          column: 10,
          endLine: 6,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM audit').iterate()",
            },
          ],
        },
      ],
    },
    // try/finally close() of a MongoClient, cursor drained afterwards.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function activeUsers(uri) {
  const client = new MongoClient(uri);
  let users;
  try {
    users = client.db('app').collection('users').find({ active: true });
  } finally {
    await client.close();
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
    // knex destroy() in finally, stream piped afterwards.
    {
      code: `
import knex from 'knex';

export async function dump(config, out) {
  const db = knex(config);
  let rows;
  try {
    rows = db('events').stream();
  } finally {
    await db.destroy();
  }
  rows.pipe(out);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db(…).stream())",
            pool: "database 'db'",
            disposal: 'line 10, db.destroy() in finally',
          },
          line: 12,
          column: 3,
          endLine: 12,
          endColumn: 17,
          suggestions: [],
        },
      ],
    },
    // Module top level 'await using', exported cursor.
    {
      code: `
import { ClassicLevel } from 'classic-level';

await using db = new ClassicLevel('./data');
export const keys = db.keys();
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'db.keys()'",
            pool: "database 'db'",
            escape: 'exported',
            disposal: "line 5, end of the module ('await using' at top level)",
          },
          line: 5,
          column: 21,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'db.keys()'" },
              materialize: 'db.keys()',
            },
          ],
        },
      ],
    },
    // 'for (using …)' in JavaScript.
    {
      code: `
import Database from 'better-sqlite3';

export function lastRows(files) {
  let rows = [];
  for (using db of files.map((f) => new Database(f))) {
    rows = db.prepare('SELECT * FROM events').iterate();
  }
  return [...rows];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'rows' (from db.prepare(…).iterate())",
            pool: "pool 'db'",
            disposal: "line 8, end of each iteration of the 'for (using …)' loop",
          },
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'materializeSync',
              data: { expression: "'db.prepare(…).iterate()'" },
              materialize: "db.prepare('SELECT * FROM events').iterate()",
            },
          ],
        },
      ],
    },
  ]),
});
