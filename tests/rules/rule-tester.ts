/**
 * The RuleTester every suite uses. With POOL_LIFETIME_TYPED=1 (the `typed`
 * vitest project) the syntactic suites run again with type information,
 * against the typed fixtures' tsconfig: the rule must give the same answers
 * where types add nothing.
 *
 * Each case without a `name` is named after its place and its telling line
 * (for an invalid case, the line of its first report), so that a failure or a
 * slow test reads as `invalid 4, escapesScope at 7: return { name: 'orders', rows };`
 * rather than as the whole code snippet.
 */
import path from 'node:path';
import { RuleTester, type RuleTesterConfig, type RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { runsOnNodeWithFromAsync } from '../../src/analysis/core/node-runtime.js';
import { newTypeErrors, parseErrors } from './suggestion-check.js';
import { runFix } from './suggestion-run.js';

export const typedFixtures = path.join(import.meta.dirname, '../fixtures/typed');

/**
 * Where the untyped suites' code lives: a folder whose package.json says
 * Node 22 or later, so that the rule may offer `await Array.fromAsync(…)`
 * (node-runtime.test.ts checks the other projects).
 */
export const node22Project = path.join(import.meta.dirname, '../fixtures/node-22');

export const isTypedRun = process.env.POOL_LIFETIME_TYPED === '1';

const NAME_LENGTH = 80;

/** Lines that say nothing about a case: blank, comments, imports, declarations, lone braces. */
const FILLER = /^(?:$|\/\/|\/\*|\*|import\b|declare\b|type\b|interface\b|[{}()[\];,]+$)/;

function shorten(line: string): string {
  return line.length > NAME_LENGTH ? `${line.slice(0, NAME_LENGTH - 1)}…` : line;
}

/** The first line of `code` that is not filler, trimmed and shortened. */
function tellingLine(code: string): string {
  const lines = code.split('\n').map((line) => line.trim());
  return shorten(lines.find((line) => !FILLER.test(line)) ?? lines.find((line) => line !== '') ?? '');
}

/** Line `line` (1-based) of `code`, trimmed and shortened, or the telling line when there is none. */
function lineAt(code: string, line: number | undefined): string {
  const text = line === undefined ? undefined : code.split('\n')[line - 1]?.trim();
  return text === undefined || text === '' ? tellingLine(code) : shorten(text);
}

function withNames<MessageIds extends string, Options extends readonly unknown[]>(
  tests: RunTests<MessageIds, Options>,
): RunTests<MessageIds, Options> {
  return {
    ...tests,
    valid: tests.valid.map((test, index) => {
      const testCase = typeof test === 'string' ? { code: test } : test;
      return testCase.name ? testCase : { ...testCase, name: `valid ${String(index + 1)}: ${tellingLine(testCase.code)}` };
    }),
    invalid: tests.invalid.map((testCase, index) => {
      if (testCase.name) return testCase;
      const [first] = testCase.errors;
      const ids = [...new Set(testCase.errors.map((error) => error.messageId))].join(', ');
      const at = first?.line === undefined ? '' : ` at ${String(first.line)}`;
      return { ...testCase, name: `invalid ${String(index + 1)}, ${ids}${at}: ${lineAt(testCase.code, first?.line)}` };
    }),
  };
}

/** The folder of the tsconfig a tester lints with (the typed run's, or a typed suite's own), or undefined without types. */
function typedProjectOf(config: RuleTesterConfig | undefined): string | undefined {
  const parserOptions = config?.languageOptions?.parserOptions;
  return parserOptions?.project && typeof parserOptions.tsconfigRootDir === 'string' ? parserOptions.tsconfigRootDir : undefined;
}

/**
 * Every suggestion output of the invalid cases (the RuleTester has checked that
 * the rule makes exactly these) must parse with the case's parser and, when the
 * tester lints with types (the typed run, a typed suite), add no type error to
 * the case's code under the same tsconfig. Without types (once, not again in
 * the typed run), it must also run on this Node (20): its fix's call is run
 * with fakes for the drivers and must give an array (suggestion-run.ts). A fix
 * with `Array.fromAsync` must be in a project that says Node 22 or later, and
 * runs with the `Array.fromAsync` of Node 22.
 */
function checkSuggestionOutputs<MessageIds extends string, Options extends readonly unknown[]>(
  tests: RunTests<MessageIds, Options>,
  config: RuleTesterConfig | undefined,
): void {
  const checks = tests.invalid.flatMap((testCase) =>
    testCase.errors.flatMap((error) =>
      (error.suggestions ?? []).map((suggestion, index) => ({
        name: `${testCase.name ?? ''}, suggestion ${String(index + 1)}`,
        code: testCase.code,
        output: suggestion.output,
        languageOptions: { ...config?.languageOptions, ...testCase.languageOptions },
        project: typedProjectOf(config),
        filename: testCase.filename ?? config?.defaultFilenames?.ts ?? 'file.ts',
      })),
    ),
  );
  if (checks.length === 0) return;
  describe('suggestion outputs', () => {
    for (const check of checks) {
      it(check.name, () => {
        expect(parseErrors(check.output, check.languageOptions)).toEqual([]);
        if (check.project) expect(newTypeErrors(check.code, check.output, check.project)).toEqual([]);
      });
      if (isTypedRun || check.project) continue;
      const output = check.output;
      it(`${check.name} runs`, async () => {
        const fromAsync = output.includes('Array.fromAsync(');
        const count = (text: string): number => text.split('Array.fromAsync(').length;
        if (count(output) > count(check.code)) {
          expect(runsOnNodeWithFromAsync(check.filename, process.cwd()), `${check.filename} says Node 22`).toBe(true);
        }
        const jsx = (check.languageOptions.parserOptions as { ecmaFeatures?: { jsx?: boolean } } | undefined)?.ecmaFeatures?.jsx === true;
        const run = await runFix(check.code, output, { jsx, withFromAsync: fromAsync });
        expect(run.gaveArray, `${run.call} gave no array; errors: ${run.errors.join(' | ')}`).toBe(true);
      });
    }
  });
}

/** typescript-eslint's RuleTester, with short names for unnamed cases, and its suggestion outputs checked. */
export class NamedRuleTester extends RuleTester {
  private readonly config: RuleTesterConfig | undefined;

  constructor(config?: RuleTesterConfig) {
    super(config);
    this.config = config;
  }

  override run<MessageIds extends string, Options extends readonly unknown[]>(
    ruleName: string,
    rule: TSESLint.RuleModule<MessageIds, Options>,
    tests: RunTests<MessageIds, Options>,
  ): void {
    const named = withNames(tests);
    super.run(ruleName, rule, named);
    checkSuggestionOutputs(named, this.config);
  }
}

export function createRuleTester(): RuleTester {
  return isTypedRun
    ? new NamedRuleTester({ languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedFixtures } } })
    : new NamedRuleTester({ defaultFilenames: { ts: path.join(node22Project, 'file.ts'), tsx: path.join(node22Project, 'react.tsx') } });
}
