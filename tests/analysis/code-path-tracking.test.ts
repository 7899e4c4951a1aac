// The code-path tracker follows the segments of the code paths that may hold a close only: every question starts
// at a close, and no walk leaves its code path. Its answers are those of a tracker that follows every code path.
import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CodePathTracker, type Reach } from '../../src/analysis/core/code-paths.js';

interface Answers {
  reach: Reach[];
  segments: number;
}

/** Each `f()` statement's reach from the `close()` statements, with a tracker given `holdsClose` or not. */
function answers(code: string, selective: boolean): Answers {
  const result: Answers = { reach: [], segments: 0 };
  const rule: Rule.RuleModule = {
    create(context) {
      const text = context.sourceCode.text;
      const closeAt = [...text.matchAll(/close\(/g)].map((match) => match.index);
      const holdsClose = (node: TSESTree.Node): boolean => closeAt.some((at) => node.range[0] <= at && at < node.range[1]);
      const tracker = new CodePathTracker();
      const closes: TSESTree.Node[] = [];
      const targets: TSESTree.Node[] = [];
      return {
        ...(tracker.listeners(selective ? holdsClose : undefined) as unknown as Rule.RuleListener),
        ExpressionStatement(node) {
          const statement = node as unknown as TSESTree.ExpressionStatement;
          tracker.record(statement);
          const callee = statement.expression.type === AST_NODE_TYPES.CallExpression ? statement.expression.callee : undefined;
          if (callee?.type === AST_NODE_TYPES.Identifier && callee.name === 'close') closes.push(statement);
          if (callee?.type === AST_NODE_TYPES.Identifier && callee.name === 'f') targets.push(statement);
        },
        'Program:exit'() {
          result.reach = targets.map((target) => tracker.reach(closes, target, []));
          result.segments = (tracker as unknown as { segments: unknown[] }).segments.length;
        },
      };
    },
  };
  const messages = new Linter().verify(code, {
    languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { probe: { rules: { reach: rule } } },
    rules: { 'probe/reach': 'error' },
  });
  expect(messages).toEqual([]);
  return result;
}

// Each program, and the reach of each of its `f()` statements from its closes, in source order.
const programs: Record<string, { code: string; reach: Reach[] }> = {
  'a close and reads in one function, callbacks apart': {
    reach: ['none', 'some', 'none', 'none', 'none', 'none'],
    code: `
    function run(a) {
      f();
      if (a) close();
      f();
      items.forEach(function (x) { if (x) f(); else f(); });
      setTimeout(() => { f(); }, 1);
    }
    function other(b) { while (b) { f(); b = next(b); } }
  `,
  },
  'a close in a callback, reads around it': {
    reach: ['none', 'some', 'none', 'none', 'none'],
    code: `
    f();
    emitter.on('end', function () { if (done) close(); f(); });
    for (const x of xs) { if (x) f(); }
    f();
    function later(y) { if (y) f(); }
  `,
  },
  'closes at the top level, reads in nested functions': {
    reach: ['all', 'none', 'none', 'none', 'none'],
    code: `
    close();
    f();
    class A { m() { try { f(); } finally { g(); } } static { f(); } }
    const h = () => { switch (k) { case 1: f(); break; default: f(); } };
  `,
  },
};

describe('code-path tracking', () => {
  for (const [name, { code, reach }] of Object.entries(programs)) {
    it(`answers as a tracker of every code path: ${name}`, () => {
      const every = answers(code, false);
      const selective = answers(code, true);
      expect(every.reach).toEqual(reach);
      expect(selective.reach).toEqual(reach);
      expect(selective.segments).toBeLessThan(every.segments);
    });
  }
});
