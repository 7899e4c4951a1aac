/**
 * Invalid RuleTester cases whose suggestion outputs are written as the edit
 * they make to the case's own code, instead of a second full copy of it:
 *
 *   suggestions: [{ messageId: 'materializeSync', data, materialize: "db.prepare('…').iterate()" }]
 *
 * `materialize: text` wraps the one occurrence of `text` the way the message id
 * says (`Array.from(text)`, `await Array.fromAsync(text)` or `await text.toArray()`); `replace: [from,
 * to]` replaces the one occurrence of `from`. The text must occur exactly once
 * in the code, so an edit can never land somewhere else by accident.
 *
 * The typed run lints against the typed fixtures' tsconfig, whose `lib`
 * (ES2023) has no `Array.fromAsync`, and where the drivers the snippets import
 * are not installed, so their values are typed `any`: there the rule offers
 * neither `materializeAsync` nor `materializeSync` (`Array.from` over `any`
 * types the items `unknown`), and the cases expect none. A suggestion marked
 * `typed: true` is over a value the typed run knows, and is expected there too.
 */
import type { InvalidTestCase, TestCaseError } from '@typescript-eslint/rule-tester';
import { isTypedRun } from './rule-tester.js';

type Suggestion<MessageId extends string> = NonNullable<TestCaseError<MessageId>['suggestions']>[number];

/** A suggestion given as an edit of the case's code; `output` is computed from it. */
type SuggestionEdit<MessageId extends string> = Omit<Suggestion<MessageId>, 'output'> & { typed?: boolean } & (
    | { materialize: string; replace?: never }
    | { replace: readonly [string, string]; materialize?: never }
  );

type ErrorWithEdits<MessageId extends string> = Omit<TestCaseError<MessageId>, 'suggestions'> & {
  suggestions?: readonly (Suggestion<MessageId> | SuggestionEdit<MessageId>)[] | null;
};

export type InvalidCaseWithEdits<MessageId extends string, Options extends readonly unknown[]> = Omit<
  InvalidTestCase<MessageId, Options>,
  'errors'
> & { errors: readonly ErrorWithEdits<MessageId>[] };

function replaceOnce(code: string, from: string, to: string): string {
  const at = code.indexOf(from);
  if (at < 0 || code.indexOf(from, at + 1) >= 0) {
    throw new Error(`suggestion edit: '${from}' must occur exactly once in the case's code`);
  }
  return code.slice(0, at) + to + code.slice(at + from.length);
}

function isEdit<MessageId extends string>(
  suggestion: Suggestion<MessageId> | SuggestionEdit<MessageId>,
): suggestion is SuggestionEdit<MessageId> {
  return 'materialize' in suggestion || 'replace' in suggestion;
}

function outputOf<MessageId extends string>(code: string, edit: SuggestionEdit<MessageId>): string {
  if (edit.replace) return replaceOnce(code, edit.replace[0], edit.replace[1]);
  const text = edit.materialize;
  const wrapped =
    edit.messageId === 'materializeAsync'
      ? `await Array.fromAsync(${text})`
      : edit.messageId === 'materializeWithToArray'
        ? `await ${text}.toArray()`
        : `Array.from(${text})`;
  return replaceOnce(code, text, wrapped);
}

/** Whether the typed run offers `suggestion` (see above). */
function offeredWhenTyped<MessageId extends string>(suggestion: Suggestion<MessageId> | SuggestionEdit<MessageId>): boolean {
  if ('typed' in suggestion && suggestion.typed === true) return true;
  return suggestion.messageId !== 'materializeAsync' && suggestion.messageId !== 'materializeSync';
}

/** The RuleTester cases, with every suggestion edit turned into its full `output`. */
export function withSuggestionEdits<MessageId extends string, Options extends readonly unknown[]>(
  cases: readonly InvalidCaseWithEdits<MessageId, Options>[],
): InvalidTestCase<MessageId, Options>[] {
  return cases.map((testCase) => ({
    ...testCase,
    errors: testCase.errors.map((error) => {
      if (!error.suggestions) return error as TestCaseError<MessageId>;
      const offered = isTypedRun ? error.suggestions.filter(offeredWhenTyped) : error.suggestions;
      const suggestions = offered.map((suggestion): Suggestion<MessageId> => {
        if (!isEdit(suggestion)) return suggestion;
        const { messageId, data } = suggestion;
        return { messageId, ...(data === undefined ? {} : { data }), output: outputOf(testCase.code, suggestion) };
      });
      return { ...error, suggestions };
    }),
  }));
}
