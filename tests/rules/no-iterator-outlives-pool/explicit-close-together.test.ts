import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Explicit closes judged together: cases the rule once got wrong, each with what the contract
// asks for. All closes of a binding in a function form one disposal point set; a path through a
// re-creation after a close counts as not disposed.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (explicit closes together)', rule, {
  valid: [
    // Silent twin of the four closes below: the cursor is read before any of them.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function audit(uri: string, mode: number) {
  const client = new MongoClient(uri);
  const entries = client.db('ops').collection('audit').find();
  for await (const e of entries) console.log(e);
  switch (mode) {
    case 0: await client.close(); break;
    case 1: await client.close(); break;
    case 2: await client.close(); break;
    default: await client.close();
  }
}
`,
    },
    // The contract: "a binding that is re-created
    // before the consumption (`pool = new Pool()` on that path)" is not reported. The iterator is made
    // from the new pool after the re-creation; the close on line 4 killed the old one, and the timer
    // consumes an iterator of a pool nothing visible disposes.
    {
      code: `
export async function restart(tasks: Task[]) {
  let pool = new WorkerPool(2);
  await pool.close();
  pool = new WorkerPool(2);
  const it = pool.imap(work, tasks);
  setTimeout(async () => {
    for await (const r of it) console.log(r);
  }, 0);
}
`,
      
    },
    // Silent: the contract says "a pool that is disposed only on an error path
    // (`catch`, a guarded close) and handed out on the success path" is not reported; the close here
    // runs only when the connection failed. Exports, like returns, are judged by code paths.
    {
      code: `
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const connected = await client.connect().then(() => true, () => false);
if (!connected) await client.close();

export const users = client.db('app').collection('users').find();
`,
      
    },
    // Silent: the close is in a 'catch' that rethrows: no path from it
    // reaches the export, which only runs with the client open (error-path cleanup, as above).
    {
      code: `
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
try {
  await client.connect();
} catch (err) {
  await client.close();
  throw err;
}

export const users = client.db('app').collection('users').find();
`,
      
    },
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Four closes reach the loop: the message names the first three and says there are others.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function audit(uri: string, mode: number) {
  const client = new MongoClient(uri);
  const entries = client.db('ops').collection('audit').find();
  switch (mode) {
    case 0: await client.close(); break;
    case 1: await client.close(); break;
    case 2: await client.close(); break;
    default: await client.close();
  }
  for await (const e of entries) console.log(e);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'entries' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 8, client.close(); line 9, client.close(); line 10, client.close(); and others',
          },
          line: 13,
          column: 25,
          endLine: 13,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              replace: ["const entries = client.db('ops').collection('audit').find();", "const entries = await client.db('ops').collection('audit').find().toArray();"],
            },
          ],
        },
      ],
    },
    // Both branches close the client, so every path to the loop passes a disposal (kind 4: "a dispose
    // call … on the paths that pass through it"): a certain bug, not a hedged one.
    {
      code: `
import { MongoClient } from 'mongodb';

export async function audit(uri: string, verbose: boolean) {
  const client = new MongoClient(uri);
  const entries = client.db('ops').collection('audit').find();
  if (verbose) {
    console.log('closing');
    await client.close();
  } else {
    await client.close();
  }
  for await (const e of entries) console.log(e);
}
`,
      
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'entries' (from client.db(…).collection(…).find())",
            pool: "client 'client'",
            disposal: 'line 9, client.close(); line 11, client.close()',
          },
          line: 13,
          column: 25,
          endLine: 13,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeWithToArray',
              data: { expression: "'client.db(…).collection(…).find()'" },
              replace: ["const entries = client.db('ops').collection('audit').find();", "const entries = await client.db('ops').collection('audit').find().toArray();"],
            },
          ],
        },
      ],
    },
    // The iterator is returned after a close on every path (terminate() in one branch, close() in the
    // other), which the contract reports as escaping; the message names both closes.
    {
      code: `
export async function results(tasks: Task[], fast: boolean) {
  const pool = new WorkerPool(4);
  const it = pool.imap(work, tasks);
  if (fast) {
    await pool.terminate();
  } else {
    await pool.close();
  }
  return it;
}
`,
      
      errors: [
        {
          messageId: 'escapesScope',
          data: {
            iterator: "'it' (from pool.imap(…))",
            pool: "pool 'pool'",
            escape: 'returned',
            disposal: 'line 6, pool.terminate(); line 8, pool.close()',
          },
          line: 10,
          column: 10,
          endLine: 10,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              replace: ['const it = pool.imap(work, tasks);', 'const it = await Array.fromAsync(pool.imap(work, tasks));'],
            },
          ],
        },
      ],
    },
    // On the path through 'pool = new WorkerPool(4)' the loop runs on a new pool, so only some paths
    // consume after the close: the hedged report.
    {
      code: `
export async function rerun(tasks: Task[], retry: boolean) {
  let pool = new WorkerPool(4);
  await pool.close();
  if (retry) pool = new WorkerPool(4);
  for await (const r of pool.imap(work, tasks)) console.log(r);
}
`,
      
      errors: [
        {
          messageId: 'mayBeConsumedAfterDisposal',
          data: {
            iterator: "'pool.imap(…)'",
            pool: "pool 'pool'",
            disposal: 'line 4, pool.close()',
          },
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 47,
        },
      ],
    },
  ]),
});
