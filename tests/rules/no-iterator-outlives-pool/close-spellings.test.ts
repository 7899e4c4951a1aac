import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Closes in unusual spellings (`client.close!()`, `(client.close)()`), a close behind a local helper
// declared after its caller, and readings in callbacks that hold no close of their own (run at once, run
// later, block or expression body): each is reported, and its twin stays silent.

/** A cursor read after (or before) a close spelled `close`, the file's only close. */
const spelled = (close: string, readFirst = false, materialized = false) => {
  const read = '  for await (const user of cursor) console.log(user);';
  const find = materialized ? "await client.db('app').collection('users').find().toArray()" : "client.db('app').collection('users').find()";
  const body = readFirst ? [read, `  await ${close};`] : [`  await ${close};`, read];
  return `
import { MongoClient } from 'mongodb';

export async function first(uri: string) {
  const client = new MongoClient(uri);
  const cursor = ${find};
${body.join('\n')}
}
`;
};

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool', rule, {
  valid: [
    // Read before a close spelled `client.close!()` or `(client.close)()`.
    spelled('client.close!()', true),
    spelled('(client.close)()', true),
    // Read before the helper closes the client.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  for await (const user of cursor) console.log(user);
  await disconnect(client);
}

async function disconnect(client: MongoClient) {
  await client.close();
}
`,
    // The callbacks run before the close.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string, ids: number[]) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  ids.forEach(function () {
    void cursor.next();
  });
  const next = ids.map(() => cursor.next());
  await Promise.all(next);
  await client.close();
}
`,
    // The reading arrow is awaited before the close.
    `
import { MongoClient } from 'mongodb';

export async function users(uri: string) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  const read = async () => {
    for await (const user of cursor) console.log(user);
  };
  await read();
  await client.close();
}
`,
  ],
  invalid: [
    // A close spelled `client.close!()` or `(client.close)()`, the file's only close: the text prefilter sees it too.
    ...['client.close!()', '(client.close)()'].map((close) => ({
      code: spelled(close),
      errors: [
        {
          messageId: 'consumedAfterDisposal' as const,
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: `line 7, ${close}` },
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'materializeWithToArray' as const,
              data: { expression: "'client.db(…).collection(…).find()'" },
              output: spelled(close, false, true),
            },
          ],
        },
      ],
    })),
    // Callbacks with no close of their own, run at once after the close: block body and expression body.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string, ids: number[]) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  await client.close();
  ids.forEach(function () {
    void cursor.next();
  });
  return ids.map(() => cursor.next());
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: "line 7, client.close()" },
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 23,
          suggestions: [
          ],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: "line 7, client.close()" },
          line: 11,
          column: 24,
          endLine: 11,
          endColumn: 37,
          suggestions: [
          ],
        },
      ],
    },
    // An arrow that reads, called after the close, and a timer callback: neither holds a close.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function users(uri: string, ids: number[]) {
  const client = new MongoClient(uri);
  const cursor = client.db('app').collection('users').find();
  const read = async () => {
    for await (const user of cursor) console.log(user);
  };
  await client.close();
  await read();
  setTimeout(() => { void cursor.next(); }, 10);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: "line 10, client.close()" },
          line: 8,
          column: 30,
          endLine: 8,
          endColumn: 36,
          suggestions: [
          ],
        },
        {
          messageId: 'consumedAfterDisposal',
          data: { iterator: "'cursor' (from client.db(…).collection(…).find())", pool: "client 'client'", disposal: "line 10, client.close()" },
          line: 12,
          column: 27,
          endLine: 12,
          endColumn: 40,
          suggestions: [
          ],
        },
      ],
    },
  ],
});
