import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester, isTypedRun } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Real code, rule 6: MongoDB's cursors are not thenable, so 'await coll.find(q)' is still a cursor
// where the receiver is reached from the pool through '.db(…)' or '.collection(…)'. An ORM's
// awaited query (not reached that way) is plain data, also through a cursor-builder chain
// ('await Model.find(q).sort(…).limit(…)'), and cursor builders keep a cursor lazy.

// With 'ignoreDefaults', rule 6 follows the names given: without 'find', the awaited call is data.
const awaitedFindWithoutDefaults = {
  code: `
import { MongoClient } from 'mongodb';

export async function search(uri: string, q: object) {
  const client = new MongoClient(uri);
  let result;
  try {
    result = await client.db('shop').collection('orders').find(q);
  } finally {
    await client.close();
  }
  return result;
}
`,
  options: [{ ignoreDefaults: true, lazyMethods: ['imap'], disposeMethods: ['close'] }] as Options,
};

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // TypeORM: the repository is not reached through '.db(…)' or '.collection(…)'; the awaited find() is an array.
    `
import { DataSource } from 'typeorm';

export async function users(ds: DataSource, q: object) {
  try {
    return await ds.getRepository('User').find(q);
  } finally {
    await ds.destroy();
  }
}
`,
    // Mongoose: an awaited query through a cursor-builder chain runs the query: plain data.
    `
import mongoose from 'mongoose';

export async function top(uri: string, q: object) {
  const conn = mongoose.createConnection(uri);
  try {
    return await conn.model('User').find(q).sort({ score: -1 }).limit(3);
  } finally {
    await conn.close();
  }
}
`,
    // listDatabases() returns a promise, not a cursor: awaited, it is plain data.
    `
import { MongoClient } from 'mongodb';

export async function databases(uri: string) {
  const client = new MongoClient(uri);
  try {
    return await client.db('admin').admin().listDatabases();
  } finally {
    await client.close();
  }
}
`,
    // The awaited cursor drained in the try: nothing outlives the close.
    `
import { MongoClient } from 'mongodb';

export async function search(uri: string, q: object) {
  const client = new MongoClient(uri);
  try {
    const cursor = await client.db('shop').collection('orders').find(q);
    return await cursor.toArray();
  } finally {
    await client.close();
  }
}
`,
    // Mongoose's Model.listSearchIndexes() is not reached through '.db(…)' or '.collection(…)': awaited, plain data.
    `
import mongoose from 'mongoose';

export async function searchIndexes(uri: string) {
  const conn = mongoose.createConnection(uri);
  try {
    return await conn.model('User').listSearchIndexes();
  } finally {
    await conn.close();
  }
}
`,
    // With 'ignoreDefaults', rule 6 follows the names given: 'find' is not one of them here. (With type
    // information the driver's FindCursor type makes the call lazy whatever the names: types beat names.)
    ...(isTypedRun ? [] : [awaitedFindWithoutDefaults]),
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Rule 6 covers 'listSearchIndexes': through '.collection(…)' its awaited result is still a cursor.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function indexes(uri: string) {
  const client = new MongoClient(uri);
  let result;
  try {
    result = await client.db('shop').collection('orders').listSearchIndexes();
  } finally {
    await client.close();
  }
  return result;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'result' (from client.db(…).collection(…).listSearchIndexes())",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'await client.db(…).collection(…).listSearchIndexes()'" },
              replace: ["result = await client.db('shop').collection('orders').listSearchIndexes();", "result = await (await client.db('shop').collection('orders').listSearchIndexes()).toArray();"],
            },
          ],
        },
      ],
    },
    // With 'ignoreDefaults', a driver cursor name given in 'lazyMethods' is followed.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function indexes(uri: string) {
  const client = new MongoClient(uri);
  let result;
  try {
    result = await client.db('shop').collection('orders').find();
  } finally {
    await client.close();
  }
  return result;
}
`,
      options: [{ ignoreDefaults: true, lazyMethods: ['find'], disposeMethods: ['close'] }],
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'result' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'await client.db(…).collection(…).find()'" },
              replace: ["result = await client.db('shop').collection('orders').find();", "result = await (await client.db('shop').collection('orders').find()).toArray();"],
            },
          ],
        },
      ],
    },
    // The shape: the awaited cursor assigned in the try and returned after the client is closed.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function search(uri: string, q: object) {
  const client = new MongoClient(uri);
  let result;
  try {
    result = await client.db('shop').collection('orders').find(q);
  } finally {
    await client.close();
  }
  return result;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'result' (from client.db(…).collection(…).find(…))",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 10, client.close() in finally',
          },
          line: 12,
          column: 10,
          endLine: 12,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'await client.db(…).collection(…).find(…)'" },
              replace: [
                "result = await client.db('shop').collection('orders').find(q);",
                "result = await (await client.db('shop').collection('orders').find(q)).toArray();",
              ],
            },
          ],
        },
      ],
    },
    // A collection held in a binding, an awaited aggregation cursor with a builder: still a cursor.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function latest(uri: string, q: object) {
  const client = new MongoClient(uri);
  try {
    const orders = client.db('shop').collection('orders');
    return await orders.aggregate([{ $match: q }]).batchSize(100);
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'await orders.aggregate(…).batchSize(…)' (from orders.aggregate(…))",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 10, client.close() in finally',
          },
          line: 8,
          column: 12,
          endLine: 8,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'await orders.aggregate(…).batchSize(…)'" },
              replace: [
                'return await orders.aggregate([{ $match: q }]).batchSize(100);',
                'return await (await orders.aggregate([{ $match: q }]).batchSize(100)).toArray();',
              ],
            },
          ],
        },
      ],
    },
    // Cursor builders return the same cursor; the filter is a parameter, not a function: a query, not an array method.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function recent(uri: string, q: object) {
  const client = new MongoClient(uri);
  try {
    return client.db('shop').collection('orders').find(q).sort({ at: -1 }).limit(10);
  } finally {
    await client.close();
  }
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find(…).sort(…).limit(…)'",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 9, client.close() in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find(…).sort(…).limit(…)'" },
              materialize: "client.db('shop').collection('orders').find(q).sort({ at: -1 }).limit(10)",
            },
          ],
        },
      ],
    },
  ]),
});
