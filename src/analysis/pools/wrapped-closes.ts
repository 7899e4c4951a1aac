/**
 * Closes wrapped in something else that are still the close: one chained
 * with `.catch`/`.finally`/`.then`, one made inside a promise executor
 * (`new Promise((resolve) => conn.end(resolve))`), one called on mysql2's
 * promise wrapper (`conn.promise().end()`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, isFunction, memberName } from '../core/ast.js';

/** Promise methods a close may be chained with and still be the statement's close (rule 19). */
const CLOSE_HANDLERS = new Set(['catch', 'finally', 'then']);

/** `new Promise((resolve) => conn.end(resolve))`, or with a block of that one statement: the call the executor makes. */
export function closeInExecutor(promise: TSESTree.NewExpression): TSESTree.CallExpression | undefined {
  const [executor] = promise.arguments;
  if (promise.callee.type !== AST_NODE_TYPES.Identifier || promise.callee.name !== 'Promise' || !executor || !isFunction(executor)) return undefined;
  const body = executor.body;
  const [only] = body.type === AST_NODE_TYPES.BlockStatement ? body.body : [];
  const expression =
    body.type !== AST_NODE_TYPES.BlockStatement ? body : only?.type === AST_NODE_TYPES.ExpressionStatement && body.body.length === 1 ? only.expression : undefined;
  const call = expression ? innerValueNode(expression) : undefined;
  return call?.type === AST_NODE_TYPES.CallExpression ? call : undefined;
}

/** For `p.close().catch(f)` (any depth of `catch`/`finally`/`then`): `p.close()`; else the call itself. */
export function closeUnderHandlers(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const callee = innerValueNode(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !CLOSE_HANDLERS.has(memberName(callee) ?? '')) return current;
    const object = innerValueNode(callee.object);
    if (object.type !== AST_NODE_TYPES.CallExpression) return current;
    current = object;
  }
}

/** mysql2's `conn.promise()` wraps the connection it is called on: `conn.promise().end()` ends `conn`. */
export function promiseWrapped(target: TSESTree.Node): TSESTree.Node {
  if (target.type !== AST_NODE_TYPES.CallExpression || target.arguments.length > 0) return target;
  const callee = innerValueNode(target.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'promise' ? innerValueNode(callee.object) : target;
}
