import rule from '../../../src/rules/no-pool-used-after-close.js';
import { createRuleTester } from '../rule-tester.js';

// Rule 16 of the first rule's contract: a local helper's call that reads a lazy value of the pool is a
// consumption of that value, the first rule's report ('stillReading', 'notAwaited',
// 'consumedAfterDisposal'), not this rule's. A helper that makes an operation on the pool, not a lazy
// value, is a use here as before.

const ruleTester = createRuleTester();

ruleTester.run('no-pool-used-after-close', rule, {
  valid: [
    // The helper reads the cursor with a callback: the first rule's 'stillReading'.
    `
import { MongoClient } from 'mongodb';

function findDocuments(db: ReturnType<MongoClient['db']>, cb: (error: unknown, docs: unknown[]) => void) {
  db.collection('documents').find({}).toArray(cb);
}

export function run(client: MongoClient) {
  const db = client.db('app');
  findDocuments(db, () => {});
  client.close();
}
`,
    // The helper reads after the close: the first rule's 'consumedAfterDisposal'.
    `
import { MongoClient } from 'mongodb';

function findDocuments(db: ReturnType<MongoClient['db']>, cb: (error: unknown, docs: unknown[]) => void) {
  db.collection('documents').find({}).toArray(cb);
}

export async function run(client: MongoClient) {
  const db = client.db('app');
  await client.close();
  findDocuments(db, () => {});
}
`,
    // An async helper that reads the stream, not awaited: the first rule's 'notAwaited'.
    `
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';

async function dump(client: pg.Client, out: Writable) {
  await pipeline(client.query(new QueryStream('SELECT * FROM events')), out);
}

export async function exportEvents(out: Writable) {
  const client = new pg.Client();
  await client.connect();
  dump(client, out);
  await client.end();
}
`,
  ],
  invalid: [
    // Twin: the helper inserts with a callback, an operation on the pool, no lazy value.
    {
      code: `
import { MongoClient } from 'mongodb';

function save(db: ReturnType<MongoClient['db']>, doc: object, cb: (error: unknown) => void) {
  db.collection('documents').insertOne(doc, cb);
}

export function run(client: MongoClient, doc: object) {
  const db = client.db('app');
  save(db, doc, () => {});
  client.close();
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          data: {
            pool: "client 'client'",
            use: "'save(…)'",
            disposal: 'line 11, client.close()',
            behaviour: "mongodb's close() does not wait for it",
          },
          line: 10,
          column: 3,
          endLine: 10,
          endColumn: 26,
        },
      ],
    },
  ],
});
