// Long chains never crash the rule: each chain shape of
// tests/pathological/shapes.js, at 5,000 links, lints without an exception
// and with the same reports as at 3 links, for both parsers. Where a parser
// cannot parse 5,000 levels of nesting (`pool.a.a.…` with
// @typescript-eslint/parser), the shape is linted at the deepest of 4,000,
// 3,000, … 500 that ESLint alone (no rules) lints; nothing is asserted
// deeper. Not timed.
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { CHAINS } from './shapes.js';

const RULE_ID = 'pool-lifetime/no-iterator-outlives-pool';
const LINKS = [5000, 4000, 3000, 2000, 1000, 500];

const PARSERS = {
  espree: { ecmaVersion: 'latest', sourceType: 'module' },
  '@typescript-eslint/parser': { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
} as const satisfies Record<string, Linter.LanguageOptions>;

const linter = new Linter({ configType: 'flat' });

function lint(text: string, parser: keyof typeof PARSERS, withRule: boolean): Linter.LintMessage[] {
  return linter.verify(
    text,
    [
      {
        files: ['**/*.js'],
        languageOptions: PARSERS[parser],
        plugins: { 'pool-lifetime': plugin },
        rules: withRule ? { [RULE_ID]: 'error' } : {},
      },
    ],
    { filename: 'chain.js' },
  );
}

/** The reports by message id, or what went wrong: a crash of the rule, or `undefined` where ESLint alone cannot lint the text. */
function reportsOf(text: string, parser: keyof typeof PARSERS): string[] | undefined {
  let messages: Linter.LintMessage[];
  try {
    messages = lint(text, parser, true);
  } catch (error) {
    // The rule's crash, unless ESLint alone fails on the same text.
    try {
      lint(text, parser, false);
    } catch {
      return undefined;
    }
    throw error;
  }
  if (messages.some((message) => message.fatal === true)) return undefined;
  return messages.filter((message) => message.ruleId === RULE_ID).map((message) => message.messageId ?? '');
}

describe.each(Object.keys(PARSERS) as (keyof typeof PARSERS)[])('long chains, parsed by %s', (parser) => {
  it.each(Object.entries(CHAINS))('%s', (_name, make) => {
    const expected = reportsOf(make(3), parser);
    expect(expected).not.toEqual([]);
    for (const links of LINKS) {
      const reports = reportsOf(make(links), parser);
      if (reports === undefined) continue;
      expect(reports).toEqual(expected);
      return;
    }
    throw new Error('ESLint alone lints none of the sizes');
  });
});
