import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Third edition, rule 16: a function declared in the file that disposes a pool it is given, or one
// it closes over, is a dispose call at its call sites, of that close's kind; so are
// 'conn.end.bind(conn)()' and 'promisify(conn.end.bind(conn))()'. One level of helpers.

const ruleTester = createRuleTester();

/** A closing helper, in the two statement forms its body's close takes: awaited, or returned. */
const AWAITING_DISCONNECT = `async function disconnect(client: MongoClient) {
  await client.close();
}`;
const RETURNING_DISCONNECT = `function disconnect(client: MongoClient) {
  return client.close();
}`;

/** \`users\`, with \`body\` after the client is made, and the closing helper declared after it. */
const helperAfter = (body: string, helper: string) => `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
${body}
}

${helper}
`;

const NESTED_HELPER = `
import { MongoClient } from 'mongodb';

export async function users(uri: string, log: (line: string) => void = () => {}) {
  function disconnect(client: MongoClient) {
    return client.close();
  }
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await disconnect(client);
  for await (const user of cursor) log(String(user));
}
`;

const READ_AFTER = `  const cursor = client.db('app').collection('users').find();
  await disconnect(client);
  for await (const user of cursor) console.log(user);`;
const RETURNED_IN_TRY = `  try {
    return client.db('app').collection('users').find();
  } finally {
    await disconnect(client);
  }`;

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // The cursor is read before the helper closes the client.
    `
import { MongoClient } from 'mongodb';

async function disconnect(client: MongoClient) {
  await client.close();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const all = await client.db('app').collection('users').find().toArray();
  await disconnect(client);
  return all;
}
`,
    // A helper that only logs: no close.
    `
import { MongoClient } from 'mongodb';

function report(client: MongoClient) {
  console.log(client.options.hosts);
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  report(client);
  return cursor;
}
`,
    // Two levels of helpers are not followed.
    `
import { MongoClient } from 'mongodb';

async function disconnect(client: MongoClient) {
  await client.close();
}

async function shutdown(client: MongoClient) {
  await disconnect(client);
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await shutdown(client);
  return cursor;
}
`,
    // A helper declared after its caller that returns something else of the client: no close.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await ping(client);
  for await (const user of cursor) console.log(user);
}

function ping(client: MongoClient) {
  return client.db('admin').command({ ping: 1 });
}
`,
  ],
  invalid: [
    // The helper is declared after its caller, and awaits or returns the close: still a close at its call.
    ...[AWAITING_DISCONNECT, RETURNING_DISCONNECT].map((helper) => ({
      code: helperAfter(READ_AFTER, helper),
      errors: [
        {
          messageId: 'consumedAfterDisposal' as const,
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 7, disconnect(…)',
          },
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray' as const,
              data: { expression: "'client.db(…).collection(…).find()'" },
              output: helperAfter(READ_AFTER.replace('.find();', '.find().toArray();').replace('const cursor = ', 'const cursor = await '), helper),
            },
          ],
        },
      ],
    })),
    // The same helper called in a 'finally': the cursor returned from the 'try' escapes the close.
    {
      code: helperAfter(RETURNED_IN_TRY, RETURNING_DISCONNECT),
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'client.db(…).collection(…).find()'",
            escape: 'returned',
            pool: "client 'client'",
            disposal: 'line 9, disconnect(…) in finally',
          },
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              output: helperAfter(RETURNED_IN_TRY.replace('return client', 'return await client').replace('.find();', '.find().toArray();'), RETURNING_DISCONNECT),
            },
          ],
        },
      ],
    },
    // A helper given the client closes it: the cursor returned after it escapes.
    {
      code: `
import { MongoClient } from 'mongodb';

async function disconnect(client: MongoClient) {
  await client.close();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await disconnect(client);
  for await (const user of cursor) console.log(user);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 11, disconnect(…)',
          },
          line: 12,
          column: 28,
          endLine: 12,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              output: `
import { MongoClient } from 'mongodb';

async function disconnect(client: MongoClient) {
  await client.close();
}

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = await client.db('app').collection('users').find().toArray();
  await disconnect(client);
  for await (const user of cursor) console.log(user);
}
`,
            },
          ],
        },
      ],
    },
    // A helper that closes over the dispatcher; undici's close() is graceful and awaited: the
    // response returned unread keeps the function from returning.
    {
      code: `
import { Agent, fetch } from 'undici';

const dispatcher = new Agent();
const dispose = () => dispatcher.close();

export async function get(url: string) {
  try {
    return await fetch(url, { dispatcher });
  } finally {
    await dispose();
  }
}
`,
      errors: [
        {
          messageId: 'escapesIntoWaitingClose',
          data: {
            iterator: "'fetch(…)'",
            pool: "dispatcher 'dispatcher'",
            disposal: 'line 11, dispose() in finally',
            behaviour: "undici's close() waits for it",
          },
          line: 9,
          column: 12,
          endLine: 9,
          endColumn: 44,
        },
      ],
    },
    // promisify(conn.end.bind(conn))(): mysql's graceful end(), awaited, with the stream unread.
    {
      code: `
import mysql from 'mysql';
import { promisify } from 'node:util';

export async function forgot() {
  const conn = mysql.createConnection({ host: 'db' });
  const rows = conn.query('SELECT * FROM orders').stream();
  await promisify(conn.end.bind(conn))();
}
`,
      errors: [
        {
          messageId: 'blocksClose',
          data: {
            iterator: "'conn.query(…).stream()'",
            pool: "connection 'conn'",
            disposal: 'line 8, promisify(…)()',
            behaviour: "mysql's end() waits for it",
          },
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 59,
        },
      ],
    },
    // A helper declared in a function whose child scopes the scope manager lists out of source order (the
    // parameter's default value before its type): found from the close in its body all the same.
    {
      code: NESTED_HELPER,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'cursor' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 10, disconnect(…)',
          },
          line: 11,
          column: 28,
          endLine: 11,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              output: NESTED_HELPER.replace('const cursor = client', 'const cursor = await client').replace('.find();', '.find().toArray();'),
            },
          ],
        },
      ],
    },
  ],
});
