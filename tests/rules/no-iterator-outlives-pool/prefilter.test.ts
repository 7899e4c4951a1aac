import type { MessageId, Options } from '../../../src/rules/no-iterator-outlives-pool.js';
import rule from '../../../src/rules/no-iterator-outlives-pool.js';
import { createRuleTester } from '../rule-tester.js';
import { withSuggestionEdits } from '../suggestion-edits.js';

// The text prefilter (options.ts, mayHoldPool) gives files that cannot hold a pool no
// listeners at all: these files must still be analysed.

const ruleTester = createRuleTester();

ruleTester.run('no-iterator-outlives-pool (files the prefilter must not skip)', rule, {
  valid: [
  ],
  invalid: withSuggestionEdits<MessageId, Options>([
    {
      // a scoped factory called with type arguments
      code: `
import { withPool } from './pool.js';

export async function squares(xs: number[]) {
  return withPool<AsyncIterable<number>>(async (pool) => pool.imap(square, xs));
}
`,
      options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 58,
          endLine: 5,
          endColumn: 79,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 5, when the 'withPool' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeAsync', data: {"expression":"'pool.imap(…)'"}, replace: ['return withPool<AsyncIterable<number>>(async (pool) => pool.imap(square, xs));', 'return withPool<AsyncIterable<number>>(async (pool) => await Array.fromAsync(pool.imap(square, xs)));'] },
          ],
        },
      ],
    },
    {
      // a scoped factory called through optional chaining
      code: `
import { withPool } from './pool.js';

export async function squares(xs: number[]) {
  return withPool?.(async (pool) => pool.imap(square, xs));
}
`,
      options: [{"scopedFactories":["withPool"]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 37,
          endLine: 5,
          endColumn: 58,
          data: {"iterator":"'pool.imap(…)'","pool":"pool 'pool'","disposal":"line 5, when the 'withPool' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeAsync', data: {"expression":"'pool.imap(…)'"}, replace: ['return withPool?.(async (pool) => pool.imap(square, xs));', 'return withPool?.(async (pool) => await Array.fromAsync(pool.imap(square, xs)));'] },
          ],
        },
      ],
    },
    {
      // a scoped factory method called with type arguments
      code: `
import { resources } from './resources.js';

export async function rows() {
  return resources.use<unknown>(async (client) => client.query(new QueryStream('SELECT 1')));
}
`,
      options: [{"scopedFactories":[{"object":"resources","method":"use"}]}],
      errors: [
        {
          messageId: 'escapesScope',
          line: 5,
          column: 51,
          endLine: 5,
          endColumn: 92,
          data: {"iterator":"'client.query(…)'","pool":"pool 'client'","disposal":"line 5, when the 'resources.use' callback settles","escape":"returned from the callback"},
          suggestions: [
            { messageId: 'materializeWithToArray', data: {"expression":"'client.query(…)'"}, replace: ["return resources.use<unknown>(async (client) => client.query(new QueryStream('SELECT 1')));", "return resources.use<unknown>(async (client) => await client.query(new QueryStream('SELECT 1')).toArray());"] },
          ],
        },
      ],
    },
  ]),
});
