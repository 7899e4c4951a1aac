/**
 * Kind 2: pools disposed by a statement of a `finally` block (directly, or
 * under an existence or ownership guard), alive in the `try` before it.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import { excerpt } from '../wording/describe.js';
import { disposeCallOf, existenceGuardedDispose, ownershipGuardedDispose } from './dispose-calls.js';
import { bindingOf } from './pool-bindings.js';
import type { Pool } from './pools.js';

export function collectFinallyPools(
  statement: TSESTree.TryStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  into: Pool[],
): void {
  const finalizer = statement.finalizer;
  if (!finalizer) return;
  const fn = enclosingFunction(statement);
  // Only top-level statements of the finally block dispose unconditionally, or under an existence guard.
  for (const inner of finalizer.body) {
    const dispose = disposeCallOf(inner, settings, sourceCode) ?? existenceGuardedDispose(inner, settings) ?? ownershipGuardedDispose(inner, statement, sourceCode, settings);
    if (!dispose) continue;
    const variable = bindingOf(dispose.target, sourceCode);
    if (!variable) continue;
    into.push({
      kind: 'finally',
      variable,
      name: variable.name,
      fn,
      scopeStart: statement.range[0],
      scopeEnd: inner.range[0],
      disposedFrom: inner.range[1],
      scopeNode: statement,
      disposal: () => `line ${String(dispose.call.loc.start.line)}, ${excerpt(dispose.call, sourceCode)} in finally`,
      awaitsReturnedPromise: false,
      disposedBy: [dispose.call],
    });
  }
}

/** Whether `node` lies inside a `finally` block of its own function (error-path or kind-2 cleanup). */
export function isInsideFinally(node: TSESTree.Node): boolean {
  for (let current = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunction(parent)) return false;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
  }
  return false;
}
