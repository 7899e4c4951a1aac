import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// Regressions from the ground-truth run (tests/ground-truth): each case is a class of
// programs where the rule once disagreed with what execution showed.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (ground-truth regressions)', rule, {
  valid: [
    // J: sync microtask before an await of the scope (valid)
    `
export async function warm(file: string) {
  using db = new Database(file);
  const rows = db.prepare('SELECT 1').iterate();
  queueMicrotask(() => {
    for (const row of rows) console.log(row);
  });
  await Promise.resolve();
}
`,
    // E: catch after a try ending with the close (valid)
    `
export async function tally(pool: WorkerPool) {
  let results: AsyncIterable<number> | undefined;
  try {
    results = pool.imap(square, [1, 2]);
    await pool.close();
  } catch {
    for await (const r of results!) console.log(r);
  }
}
`,
    // drained: pulled again after a full drain in the scope (valid)
    `
export function twice(file: string) {
  let rows: Iterable<unknown> | undefined;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM t').iterate();
    for (const row of rows) console.log(row);
  }
  for (const row of rows) console.log(row);
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      // L1: closure bound to a name, called after the block
      code: `
export function report(file: string) {
  let rows: Iterable<unknown> | undefined;
  const print = () => {
    for (const row of rows!) console.log(row);
  };
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM report').iterate();
  }
  print();
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 5,
          column: 23,
          endLine: 5,
          endColumn: 28,
          data: {"iterator":"'rows!' (from db.prepare(…).iterate())","pool":"pool 'db'","disposal":"line 10, end of the 'using' block"},
          suggestions: [
            { messageId: 'materializeSync', data: {"expression":"'db.prepare(…).iterate()'"}, replace: ["rows = db.prepare('SELECT * FROM report').iterate();", "rows = Array.from(db.prepare('SELECT * FROM report').iterate());"] },
          ],
        },
      ],
    },
    {
      // L2: module-level pool consumed in an exported function
      code: `
import { WorkerPool } from './pool.js';
await using pool = new WorkerPool(4);
const squares = pool.imap((n: number) => n * n, [1, 2, 3]);
export async function main() {
  for await (const s of squares) console.log(s);
}
`,
      errors: [
        {
          messageId: 'consumedLater',
          line: 6,
          column: 25,
          endLine: 6,
          endColumn: 32,
          data: {"iterator":"'squares' (from pool.imap(…))","pool":"pool 'pool'","disposal":"line 7, end of the module ('await using' at top level)","callback":"exported function 'main'"},
        },
      ],
    },
    {
      // A: toArray of an async iterator returned without await
      code: `
export async function all(tasks: number[]) {
  await using pool = new WorkerPool(2);
  return pool.imap(square, tasks).toArray();
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 44,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 5, end of the 'await using' block","consumer":"'pool.imap(…).toArray()'"},
        },
      ],
    },
    {
      // B3: export let assigned under a module-level await using
      code: `
import { ClassicLevel } from 'classic-level';
export let recent: AsyncIterable<string> | undefined;
await using db = new ClassicLevel('./data');
recent = db.keys({ reverse: true, limit: 10 });
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 47,
          data: {"iterator":"'db.keys(…)'","pool":"database 'db'","disposal":"line 5, end of the module ('await using' at top level)","escape":"exported"},
          suggestions: [],
        },
      ],
    },
    {
      // D: ??= in a loop keeps the first round's iterator
      code: `
export function rounds(files: string[]) {
  let rows: Iterator<unknown> | undefined;
  for (const file of files) {
    using db = new Database(file);
    rows ??= db.prepare('SELECT * FROM t').iterate();
    console.log(rows.next());
  }
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 28,
          data: {"iterator":"'rows' (from db.prepare(…).iterate())","pool":"pool 'db'","disposal":"line 8, end of the 'using' block, in an earlier iteration of the loop"},
        },
      ],
    },
    {
      // M: promise awaited only in an exported function
      code: `
import { WorkerPool } from './pool.js';
async function drain(it: AsyncIterable<number>) { for await (const x of it) console.log(x); }
await using pool = new WorkerPool(2);
const pending = drain(pool.imap(square, [1, 2]));
export async function main() {
  await pending;
}
`,
      errors: [
        {
          messageId: 'notAwaited',
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 49,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 8, end of the module ('await using' at top level)","consumer":"'drain(…)'"},
        },
      ],
    },
    {
      // S: stored on an outer object, then only partly pulled in a branch
      code: `
export async function page(uri: string) {
  const holder: { rows?: AsyncIterable<unknown> } = {};
  {
    await using client = await connect(uri);
    const rows = client.find();
    holder.rows = rows;
    if (Math.random() > 0.5) {
      for await (const row of rows) {
        console.log(row);
        break;
      }
    }
  }
  return holder;
}
`,
      errors: [
        {
          messageId: 'escapesScope',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 23,
          data: {"iterator":"'rows' (from client.find())","pool":"pool 'client'","disposal":"line 14, end of the 'await using' block","escape":"stored on 'holder.rows'"},
          suggestions: [],
        },
      ],
    },
    {
      // R: a drain after an early return is not a drain for sure
      code: `
export function latest(file: string, quick: boolean) {
  let rows: Iterable<unknown> | undefined;
  {
    using db = new Database(file);
    rows = db.prepare('SELECT * FROM t').iterate();
    if (quick) return [];
    for (const row of rows) console.log(row);
  }
  return [...rows];
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 18,
          data: {"iterator":"'rows' (from db.prepare(…).iterate())","pool":"pool 'db'","disposal":"line 9, end of the 'using' block"},
          suggestions: [
            { messageId: 'materializeSync', data: {"expression":"'db.prepare(…).iterate()'"}, replace: ["rows = db.prepare('SELECT * FROM t').iterate();", "rows = Array.from(db.prepare('SELECT * FROM t').iterate());"] },
          ],
        },
      ],
    },
  ]),
});
