import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Real code, rules 9 and 10: what an awaited call resolves to is plain data, a cursor-or-query name
// given a function is an array's method, an awaited connect() gives the pool back, and a reopened
// pool starts a new life.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The awaited query's rows are an array: its find() with a callback is the array's method.
    `
import type { Pool } from 'pg';

export async function user(pool: Pool, id: number) {
  const client = await pool.connect();
  try {
    const res = await client.query<{ id: number }>('SELECT * FROM users');
    return res.rows.find((r) => r.id === id);
  } finally {
    client.release();
  }
}
`,
    // Reached through an awaited findOne(): the document's tags are plain data, and isMain is a function of the file.
    `
import { MongoClient } from 'mongodb';

function isMain(tag: string) {
  return tag === 'main';
}

export async function mainTag(uri: string, q: object) {
  const client = new MongoClient(uri);
  try {
    const coll = client.db('app').collection('posts');
    return (await coll.findOne(q))?.tags.find(isMain);
  } finally {
    await client.close();
  }
}
`,
    // Destructured from an awaited query: plain data, even under a query's name.
    `
import type { Pool } from 'pg';

export async function names(pool: Pool) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('SELECT name FROM users');
    return rows.values();
  } finally {
    client.release();
  }
}
`,
    // An array method of a value reached from the pool, given an arrow: not a query, even not awaited.
    `
import { DataSource } from 'typeorm';

export async function userMeta(ds: DataSource) {
  try {
    return ds.entityMetadatas.find((m) => m.name === 'User');
  } finally {
    await ds.destroy();
  }
}
`,
    // A pool closed and reopened: the cursor is made after the reopening, from the new life.
    `
import mongoose from 'mongoose';

export async function indexes(uri: string) {
  const conn = mongoose.createConnection(uri);
  await conn.close();
  await conn.openUri(uri);
  return await conn.collection('users').listIndexes().toArray();
}
`,
    // Mongoose: a closed connection handed a new client with setClient; the model's cursor is made after it.
    `
import mongoose from 'mongoose';
import { MongoClient } from 'mongodb';

export async function reuse(uri: string, schema: mongoose.Schema) {
  const conn = mongoose.createConnection(uri);
  const Test = conn.model('Test', schema);
  await conn.close();
  const client = await MongoClient.connect(uri);
  conn.setClient(client);
  return await Test.collection.listIndexes().toArray();
}
`,
    // Reconnected after an explicit close, then a cursor drained before the second close.
    `
import { MongoClient } from 'mongodb';

export async function twice(client: MongoClient) {
  await client.close();
  await client.connect();
  for await (const doc of client.db('app').collection('users').find()) console.log(doc);
  await client.close();
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // An awaited connect() resolves to the client itself: what is reached from it is still the client's.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function open(uri: string) {
  const client = new MongoClient(uri);
  try {
    return (await client.connect()).db('app').collection('users').find({});
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'(await client.connect()).db(…).collection(…).find(…)'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 9, client.close() in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'(await client.connect()).db(…).collection(…).find(…)'" },
              materialize: "(await client.connect()).db('app').collection('users').find({})",
            },
          ],
        },
      ],
    },
    // The same model's cursor made before the close: still the closed connection's after setClient.
    {
      code: `
import mongoose from 'mongoose';
import { MongoClient } from 'mongodb';

export async function early(uri: string, schema: mongoose.Schema) {
  const conn = mongoose.createConnection(uri);
  const Test = conn.model('Test', schema);
  const indexes = Test.collection.listIndexes();
  await conn.close();
  conn.setClient(await MongoClient.connect(uri));
  return await indexes.toArray();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'indexes' (from Test.collection.listIndexes())", pool: "pool 'conn'", disposal: 'line 9, conn.close()' },
          line: 11,
          column: 16,
          endLine: 11,
          endColumn: 33,
          // The later 'indexes.toArray()' needs the cursor.
          suggestions: [],
        },
      ],
    },
    // A cursor made before the close stays the closed pool's, even when the pool is reopened afterwards.
    {
      code: `
import mongoose from 'mongoose';

export async function stale(uri: string) {
  const conn = mongoose.createConnection(uri);
  const old = conn.collection('users').find();
  await conn.close();
  await conn.openUri(uri);
  for await (const doc of old) console.log(doc);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'old' (from conn.collection(…).find())", pool: "pool 'conn'", disposal: 'line 7, conn.close()' },
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'conn.collection(…).find()'" },
              materialize: "conn.collection('users').find()",
            },
          ],
        },
      ],
    },
    // A find() given a filter object on a value reached from the pool is still a cursor.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function recent(uri: string) {
  const client = new MongoClient(uri);
  try {
    const res = await client.db('app').command({ ping: 1 });
    console.log(res);
    return client.db('app').collection('events').find({ at: { $gt: 0 } });
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find(…)'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 11, client.close() in finally',
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 74,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…)'" },
              materialize: "client.db('app').collection('events').find({ at: { $gt: 0 } })",
            },
          ],
        },
      ],
    },
  ]),
});
