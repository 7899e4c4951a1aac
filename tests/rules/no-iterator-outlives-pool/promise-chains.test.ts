import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rule 17: a '.then' callback's parameter is the previous step's result, awaited: a
// cursor (not thenable) stays itself, an ORM's query is awaited into rows. A close in a '.then' or
// '.finally' step is a disposal point between the chain's steps: the steps before it run while the
// pool lives, the '.then'/'.finally' steps after it run after the close, and the value a chain
// passes through a '.finally' close is closed for whoever gets it. A 'let' declared holding nothing
// and assigned once from a value reached from the pool is reached from the pool after that assignment.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The chain is awaited before the close: the cursor is read in the scope.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  const all = await client.connect().then(() => users.find()).then((cursor) => cursor.toArray());
  await client.close();
  return all;
}
`,
    // The close is the chain's last step, after the step that reads the cursor.
    `
import { MongoClient } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  return client
    .connect()
    .then(() => users.find())
    .then((cursor) => cursor.toArray())
    .finally(() => client.close());
}
`,
    // A '.then' step closes after the step that reads the cursor.
    `
import { MongoClient } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  return client
    .connect()
    .then(() => users.find())
    .then((cursor) => cursor.toArray())
    .then(() => client.close());
}
`,
    // A cursor kept in a 'let' and read in a step before the close.
    `
import { MongoClient, type FindCursor } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  let cursor: FindCursor | undefined;
  return client
    .connect()
    .then(() => {
      cursor = client.db('app').collection('users').find();
    })
    .then(() => cursor?.toArray())
    .then(() => client.close());
}
`,
    // An ORM's query is a thenable: the chain awaits it, and the next step gets rows.
    `
import { DataSource } from 'typeorm';

export function names(ds: DataSource, log: (name: unknown) => void) {
  ds.initialize()
    .then(() => ds.getRepository('User').find())
    .then((users) => users.forEach(log));
  ds.destroy();
}
`,
    // A '.catch' step after the close runs only when something failed: not judged.
    `
import { MongoClient } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  return client
    .connect()
    .then(() => client.close())
    .catch(() => cursor.toArray());
}
`,
    // A step given as a function declared elsewhere is not followed.
    `
import { MongoClient, type FindCursor } from 'mongodb';

function readAll(cursor: FindCursor) {
  return cursor.toArray();
}

export function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  return client
    .connect()
    .then(() => users.find())
    .finally(() => client.close())
    .then(readAll);
}
`,
    // knex's destroy() waits for the stream a step is piping: what the chain returns is the pipe's destination.
    `
import knex from 'knex';

export function dump(out: NodeJS.WritableStream) {
  const db = knex({ client: 'pg' });
  return db
    .raw('select 1')
    .then(() => db('events').select('*').stream())
    .then((rows) => rows.pipe(out))
    .finally(() => db.destroy());
}
`,
    // A 'let' assigned twice is not followed.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string, other: MongoClient) {
  const client = new MongoClient(uri);
  let users;
  users = client.db('app').collection('users');
  users = other.db('app').collection('users');
  const cursor = users.find();
  await client.close();
  return cursor.toArray();
}
`,
    // A 'let' assigned once, read into an array before the close.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  let users = null;
  users = client.db('app').collection('users');
  const all = await users.find().toArray();
  await client.close();
  return all;
}
`,
    // A 'let' assigned once in a step, read in a step before the close.
    `
import { MongoClient, type Collection } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  let users: Collection | undefined;
  return client
    .connect()
    .then(() => {
      users = client.db('app').collection('users');
    })
    .then(() => users?.find().toArray())
    .finally(() => client.close());
}
`,
    // An awaited chain whose last step closes: the cursor is read before it, or in its steps.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string, log: (doc: unknown) => void) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  for await (const doc of cursor) log(doc);
  await client.connect().finally(() => client.close());
}
`,
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string, log: (doc: unknown) => void) {
  const client = new MongoClient(uri);
  await client
    .connect()
    .then(() => client.db('app').collection('users').find().toArray())
    .then((rows) => rows.forEach(log))
    .finally(() => client.close());
}
`,
    // A close in a '.then' step of an awaited chain is skipped by a rejection: no disposal point after the 'await'.
    `
import { MongoClient } from 'mongodb';

export async function names(uri: string, log: (doc: unknown) => void) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await client.connect().then(() => client.close());
  for await (const doc of cursor) log(doc);
}
`,
  ],
  invalid: [
    // The last step of an awaited chain closes: a cursor read after the 'await' is read after the close.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string, log: (doc: unknown) => void) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await client.connect().then(() => log('connected')).finally(async () => {
    await client.close();
  });
  for await (const doc of cursor) log(doc);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 7, client.connect().then(…).finally(…)',
          },
          line: 10,
          column: 27,
          endLine: 10,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              output: `
import { MongoClient } from 'mongodb';

export async function names(uri: string, log: (doc: unknown) => void) {
  const client = new MongoClient(uri);
  const cursor = await client.db('app').collection('users').find().toArray();
  await client.connect().then(() => log('connected')).finally(async () => {
    await client.close();
  });
  for await (const doc of cursor) log(doc);
}
`,
            },
          ],
        },
      ],
    },
    // The second step reads the cursor the first made, after the close that follows the chain.
    {
      code: `
import { MongoClient, type Document } from 'mongodb';

export function names(uri: string, log: (doc: Document | null) => void) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  client
    .connect()
    .then(() => users.find())
    .then((cursor) => cursor.forEach(log));
  client.close();
}
`,
      errors: [
        {
          messageId: 'consumedLater',
          data: {
            iterator: "'cursor' (from users.find())",
            pool: "client 'client'",
            callback: 'a .then callback',
            disposal: 'line 11, client.close()',
          },
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 42,
        },
      ],
    },
    // Awaited before the close, but the step starts reading without waiting: still reading at the close.
    {
      code: `
import { MongoClient, type Document } from 'mongodb';

export async function names(uri: string, log: (doc: Document | null) => void) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  await client
    .connect()
    .then(() => users.find())
    .then((cursor) => cursor.stream().on('data', log));
  await client.close();
}
`,
      errors: [
        {
          messageId: 'stillReading',
          data: {
            iterator: "'cursor.stream()' (from users.find())",
            pool: "client 'client'",
            disposal: 'line 11, client.close()',
            remedy: 'await finished(cursor.stream())',
          },
          line: 10,
          column: 23,
          endLine: 10,
          endColumn: 54,
        },
      ],
    },
    // 'Promise.resolve(cursor)' is a promise of the cursor: its '.then' step reads it later.
    {
      code: `
import { MongoClient } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  Promise.resolve(cursor).then((found) => found.toArray());
  client.close();
}
`,
      errors: [
        {
          messageId: 'consumedLater',
          data: {
            iterator: "'found' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            callback: 'a .then callback',
            disposal: 'line 8, client.close()',
          },
          line: 7,
          column: 43,
          endLine: 7,
          endColumn: 58,
        },
      ],
    },
    // The step after the '.finally' close reads the cursor.
    {
      code: `
import { MongoClient } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  return client
    .connect()
    .then(() => users.find())
    .finally(() => client.close())
    .then((cursor) => cursor.toArray());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from users.find())",
            pool: "client 'client'",
            disposal: 'line 10, client.close()',
          },
          line: 11,
          column: 23,
          endLine: 11,
          endColumn: 39,
        },
      ],
    },
    // The chain hands the cursor out after its '.finally' closed the client.
    {
      code: `
import { MongoClient } from 'mongodb';

export function users(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  return client
    .connect()
    .then(() => users.find())
    .finally(() => client.close());
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.connect().then(…).finally(…)' (from users.find())",
            pool: "client 'client'",
            escape: 'returned',
            disposal: 'line 10, client.close()',
          },
          line: 7,
          column: 10,
          endLine: 10,
          endColumn: 35,
        },
      ],
    },
    // Awaited later, the chain's promise gives a cursor its '.finally' has closed.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  const pending = client.connect().then(() => users.find()).finally(() => client.close());
  const cursor = await pending;
  return cursor.toArray();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from users.find())",
            pool: "client 'client'",
            disposal: 'line 7, client.close()',
          },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 26,
        },
      ],
    },
    // A cursor kept in a 'let' by one step and read in a step after the close.
    {
      code: `
import { MongoClient, type FindCursor } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  let cursor: FindCursor | undefined;
  return client
    .connect()
    .then(() => {
      cursor = client.db('app').collection('users').find();
    })
    .then(() => client.close())
    .then(() => cursor?.toArray());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 12, client.close()',
          },
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 34,
        },
      ],
    },
    // The step that closes starts while an earlier step's pipe is still reading.
    {
      code: `
import { MongoClient } from 'mongodb';

export function dump(uri: string, out: NodeJS.WritableStream) {
  const client = new MongoClient(uri);
  const users = client.db('app').collection('users');
  client
    .connect()
    .then(() => users.find().stream())
    .then((rows) => {
      rows.pipe(out);
    })
    .finally(() => client.close());
}
`,
      errors: [
        {
          messageId: 'closedWhileReading',
          data: {
            pool: "Client 'client'",
            callback: 'a .finally callback',
            disposal: 'line 13, client.close()',
            starter: "'rows.pipe(…)'",
            iterator: "'rows' (from users.find())",
          },
          line: 13,
          column: 20,
          endLine: 13,
          endColumn: 34,
        },
      ],
    },
    // A 'let' declared empty and assigned once: the collection it holds is reached from the client.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function names(uri: string) {
  const client = new MongoClient(uri);
  let users;
  users = client.db('app').collection('users');
  const cursor = users.find();
  await client.close();
  return cursor.toArray();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from users.find())",
            pool: "client 'client'",
            disposal: 'line 9, client.close()',
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 26,
        },
      ],
    },
    // A 'let' assigned once in a step, its cursor read in a step after the '.finally' close.
    {
      code: `
import { MongoClient, type Collection } from 'mongodb';

export function names(uri: string) {
  const client = new MongoClient(uri);
  let users: Collection | null = null;
  return client
    .connect()
    .then(() => {
      users = client.db('app').collection('users');
    })
    .finally(() => client.close())
    .then(() => users?.find().toArray());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'users?.find()'",
            pool: "client 'client'",
            disposal: 'line 12, client.close()',
          },
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 40,
        },
      ],
    },
  ],
});
