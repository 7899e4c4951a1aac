/**
 * Kind 4: pools closed by an explicit close statement outside any `finally`.
 * All closes of one binding in one function make one pool, judged by code
 * paths, with the binding's re-creations and reopenings as barriers.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction } from '../core/ast.js';
import type { CodePathTracker } from '../core/code-paths.js';
import { lazily } from '../../util/cached.js';
import { excerpt } from '../wording/describe.js';
import type { DisposeCall } from './dispose-calls.js';
import { bindingOf, type PoolBinding } from './pool-bindings.js';
import { listCloses, reopenCalls, type Pool } from './pools.js';

/** A dispose call with the statement it makes (or an arrow's expression body: `() => db.close()`). */
export type Close = DisposeCall & { statement: TSESTree.ExpressionStatement | TSESTree.Expression };

/** Kind 4: `await pool.close()` as a statement outside any `finally`; all closes of a binding in a function make one pool. */
export function collectClosePools(
  closes: readonly Close[],
  tracker: CodePathTracker,
  sourceCode: Readonly<TSESLint.SourceCode>,
  into: Pool[],
): void {
  const groups = new Map<PoolBinding, Map<TSESTree.Node, Close[]>>();
  for (const close of closes) {
    const variable = bindingOf(close.target, sourceCode);
    if (!variable) continue;
    const byFunction = groups.get(variable) ?? new Map<TSESTree.Node, Close[]>();
    groups.set(variable, byFunction);
    const fn = enclosingFunction(close.statement);
    const group = byFunction.get(fn);
    if (group) group.push(close);
    else byFunction.set(fn, [close]);
  }
  for (const [variable, byFunction] of groups) {
    // Found once per binding: every function that closes it shares them.
    const writes = variable.references.filter((reference) => reference.isWrite()).map((reference) => reference.identifier);
    const reopens = reopenCalls(variable);
    for (const [, group] of byFunction) {
      const [first] = group;
      if (!first) continue;
      const fn = enclosingFunction(first.statement);
      const body = fn.type === AST_NODE_TYPES.Program ? fn : fn.body;
      // The block that declares the pool (a loop body, say) runs its closes as surely as the function body.
      const definition = variable.defs[0];
      const home = definition?.type === TSESLint.Scope.DefinitionType.Variable ? definition.parent.parent : undefined;
      // For messages: most closes meet no lazy value, and are never named.
      const descriptions = lazily(() =>
        group.map((close) => `line ${String(close.call.loc.start.line)}, ${excerpt(close.call, sourceCode)}`),
      );
      into.push({
        kind: 'close',
        variable,
        name: variable.name,
        fn,
        scopeStart: body.range[0],
        scopeEnd: first.statement.range[0],
        disposedFrom: first.statement.range[1],
        scopeNode: first.statement,
        disposal: () => listCloses(descriptions()),
        close: {
          calls: group.map((close) => close.call),
          descriptions,
          unconditional: group.some((close) => close.statement === body || close.statement.parent === body || close.statement.parent === home),
          tracker,
          barriers: writes,
          // A chain's close stands for its last step: a `connect()` in the chain runs before the close.
          reopens: reopens.filter((reopen) => !group.some((close) => close.call !== reopen && contains(close.call, reopen))),
        },
        awaitsReturnedPromise: false,
        disposedBy: group.map((close) => close.call),
      });
    }
  }
}
