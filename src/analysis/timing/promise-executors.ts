/**
 * Promise executors, `new Promise((resolve, reject) => …)`: a callback inside
 * one that settles it (calls its `resolve` or `reject`) has run by the time
 * the promise settles. Where the promise is awaited before the close (in
 * place, or a `const` the scope awaits, also through `Promise.all` and the
 * like), the callback's work is over before the close too.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, innerValueNode, isFunction, outerValueNode, type FunctionNode } from '../core/ast.js';
import type { Pool } from '../pools/pools.js';
import { isSettledBeforeDisposal } from './awaiting.js';

/** The `new Promise(…)` whose executor `fn` is. */
export function executorPromise(fn: TSESTree.Node): TSESTree.NewExpression | undefined {
  if (!isFunction(fn)) return undefined;
  const promise = outerValueNode(fn).parent;
  if (promise?.type !== AST_NODE_TYPES.NewExpression || promise.arguments[0] !== outerValueNode(fn)) return undefined;
  const callee = innerValueNode(promise.callee);
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise' ? promise : undefined;
}

/** Whether code in `inside` calls (or hands over) the executor's `resolve` or `reject`. */
export function settlesPromise(executor: FunctionNode, inside: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const settles = executor.params.slice(0, 2);
  return sourceCode
    .getDeclaredVariables(executor)
    .filter((variable) => variable.defs.some((definition) => settles.includes(definition.name as TSESTree.Parameter)))
    .some((variable) => variable.references.some((reference) => contains(inside, reference.identifier)));
}

/** Whether the promise is awaited before the pool's disposal: in place, or as a `const` the scope awaits. */
export function awaitedBeforeClose(promise: TSESTree.NewExpression, pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const parent = outerValueNode(promise).parent;
  const bound = parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier && parent.parent.kind === 'const';
  if (parent?.type !== AST_NODE_TYPES.AwaitExpression && !bound) return false;
  return isSettledBeforeDisposal(promise, pool, sourceCode);
}

/**
 * For a function `fn` that runs later (a timer's, an operation's callback): the promise whose executor holds
 * it, when `fn` settles that promise and the scope awaits it before the close. Then `fn` runs before the close.
 */
export function settledExecutorAround(
  fn: FunctionNode,
  pool: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.NewExpression | undefined {
  for (let current: TSESTree.Node | undefined = fn.parent; current && current !== pool.fn; current = current.parent) {
    if (!isFunction(current)) continue;
    const promise = executorPromise(current);
    if (!promise) return undefined;
    return settlesPromise(current, fn, sourceCode) && awaitedBeforeClose(promise, pool, sourceCode) ? promise : undefined;
  }
  return undefined;
}
