/**
 * Invalid RuleTester cases whose suggestion outputs are written as the edit
 * they make to the case's own code, instead of a second full copy of it:
 *
 *   suggestions: [{ messageId: 'materializeSync', data, materialize: "db.prepare('…').iterate()" }]
 *
 * `materialize: text` wraps the one occurrence of `text` the way the message id
 * says (`Array.from(text)` or `await Array.fromAsync(text)`); `replace: [from,
 * to]` replaces the one occurrence of `from`. The text must occur exactly once
 * in the code, so an edit can never land somewhere else by accident.
 */
import type { InvalidTestCase, TestCaseError } from '@typescript-eslint/rule-tester';

type Suggestion<MessageId extends string> = NonNullable<TestCaseError<MessageId>['suggestions']>[number];

/** A suggestion given as an edit of the case's code; `output` is computed from it. */
type SuggestionEdit<MessageId extends string> = Omit<Suggestion<MessageId>, 'output'> &
  ({ materialize: string; replace?: never } | { replace: readonly [string, string]; materialize?: never });

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
  const wrapped = edit.messageId === 'materializeAsync' ? `await Array.fromAsync(${text})` : `Array.from(${text})`;
  return replaceOnce(code, text, wrapped);
}

/** The RuleTester cases, with every suggestion edit turned into its full `output`. */
export function withSuggestionEdits<MessageId extends string, Options extends readonly unknown[]>(
  cases: readonly InvalidCaseWithEdits<MessageId, Options>[],
): InvalidTestCase<MessageId, Options>[] {
  return cases.map((testCase) => ({
    ...testCase,
    errors: testCase.errors.map((error) => {
      if (!error.suggestions) return error as TestCaseError<MessageId>;
      const suggestions = error.suggestions.map((suggestion): Suggestion<MessageId> => {
        if (!isEdit(suggestion)) return suggestion;
        const { messageId, data } = suggestion;
        return { messageId, ...(data === undefined ? {} : { data }), output: outputOf(testCase.code, suggestion) };
      });
      return { ...error, suggestions };
    }),
  }));
}
