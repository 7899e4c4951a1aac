import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// A write that the next statement undoes ('r = a(); r = b();'): reads after the second write,
// in the same function, see the second value only. The first value is not followed there, nor
// reported as assigned to the outer binding; a 'try' around the second write keeps the first
// value alive on the path where the second one throws.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (overwritten writes)', rule, {
  valid: [
    // The iterator is replaced by an array before the block ends: the loop after it reads the array.
    `
export async function latest(tasks: Task[]) {
  let results: AsyncIterable<number> | number[];
  {
    await using pool = new WorkerPool(8);
    results = pool.imap(work, tasks);
    results = [];
  }
  for await (const r of results) log(r);
}
`,
    // The second write reads the first value and materializes it in the block.
    `
export async function latest(tasks: Task[]) {
  let results: Iterable<number>;
  {
    using pool = new WorkerPool(8);
    results = pool.imap(work, tasks);
    results = Array.from(results);
  }
  for (const r of results) log(r);
}
`,
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    // Two iterators in turn: the loop reads the second.
    {
      code: `
export async function latest(tasks: Task[], recent: Task[]) {
  let results: AsyncIterable<number>;
  {
    await using pool = new WorkerPool(8);
    results = pool.imap(work, tasks);
    results = pool.imap(work, recent);
  }
  for await (const r of results) log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 8, end of the 'await using' block",
          },
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 32,
          // 'results' is declared an AsyncIterable, which an array is not.
          suggestions: [],
        },
      ],
    },
    // 'load()' may throw into the 'catch', and then the loop reads the iterator.
    {
      code: `
export async function latest(tasks: Task[]) {
  let results: AsyncIterable<number> | number[] = [];
  {
    await using pool = new WorkerPool(8);
    try {
      results = pool.imap(work, tasks);
      results = await load();
    } catch {}
  }
  for await (const r of results) log(r);
}
`,
      errors: [
        {
          messageId: 'consumedAfterDisposal',
          data: {
            iterator: "'results' (from pool.imap(…))",
            pool: "pool 'pool'",
            disposal: "line 10, end of the 'await using' block",
          },
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'materializeAsync',
              data: { expression: "'pool.imap(…)'" },
              materialize: 'pool.imap(work, tasks)',
            },
          ],
        },
      ],
    },
  ]),
});
