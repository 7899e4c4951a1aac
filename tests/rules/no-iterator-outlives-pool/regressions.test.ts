import { describe } from 'vitest';

import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';

// Regressions: cases where the rule once disagreed with the contract, each with what it checks.

const ruleTester = createRuleTester();

describe('regressions', () => {
  ruleTester.run('no-iterator-outlives-pool', rule, {
    valid: [],
    invalid: [
      // An object container returned from the function: the container escapes; the suggestion expands a shorthand property.
      {
        code: `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  await using client = new MongoClient(uri);
  const rows = client.db('shop').collection('orders').find();
  return { name: 'orders', rows };
}
`,
        errors: [
          {
            messageId: 'escapesScope',
            data: {
              iterator: "'{ name: 'orders', rows }' (from client.db(…).collection(…).find())",
              pool: "client 'client'",
              escape: 'returned',
              disposal: "line 8, end of the 'await using' block",
            },
            line: 7,
            column: 10,
            endLine: 7,
            endColumn: 34,
            suggestions: [
              {
                messageId: 'materializeWithToArray',
                data: { expression: "'rows'" },
                output: `
import { MongoClient } from 'mongodb';

export async function report(uri: string) {
  await using client = new MongoClient(uri);
  const rows = client.db('shop').collection('orders').find();
  return { name: 'orders', rows: await rows.toArray() };
}
`,
              },
            ],
          },
        ],
      },
      // A multi-line chain: the message drops the line breaks and indentation of the chain.
      {
        code: `
import { MongoClient } from 'mongodb';

export async function recent(uri: string) {
  await using client = new MongoClient(uri);
  return client
    .db('app')
    .collection('events')
    .find({ recent: true });
}
`,
        errors: [
          {
            messageId: 'escapesScope',
            data: {
              iterator: "'client.db(…).collection(…).find(…)'",
              pool: "client 'client'",
              escape: 'returned',
              disposal: "line 10, end of the 'await using' block",
            },
            line: 6,
            column: 10,
            endLine: 9,
            endColumn: 28,
            suggestions: [
              {
                messageId: 'materializeWithToArray',
                data: { expression: "'client.db(…).collection(…).find(…)'" },
                output: `
import { MongoClient } from 'mongodb';

export async function recent(uri: string) {
  await using client = new MongoClient(uri);
  return await client
    .db('app')
    .collection('events')
    .find({ recent: true }).toArray();
}
`,
              },
            ],
          },
        ],
      },
      // A TypeScript 'as' wrapper around the creation does not hide the iterator.
      {
        code: `
export async function results(tasks: Task[]) {
  let out: AsyncIterable<Result> | undefined;
  {
    await using pool = new WorkerPool(4);
    out = pool.imap(work, tasks) as AsyncIterable<Result>;
  }
  for await (const r of out) log(r);
}
`,
        errors: [
          {
            messageId: 'consumedAfterDisposal',
            data: {
              iterator: "'out' (from pool.imap(…))",
              pool: "pool 'pool'",
              disposal: "line 7, end of the 'await using' block",
            },
            line: 8,
            column: 25,
            endLine: 8,
            endColumn: 28,
            // 'out' is declared an AsyncIterable, which an array is not: no suggestion.
            suggestions: [],
          },
        ],
      },
    ],
  });
});
