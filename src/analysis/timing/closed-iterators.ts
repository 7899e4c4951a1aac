/**
 * A lazy value that the scope closes itself (`await changeStream.close()`,
 * `stream.destroy()`, `it.return()`) in straight-line code before the
 * disposal point is finished: it no longer escapes through an outer binding,
 * and what reads it after its own close is not this rule's bug.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { BRANCHING, enclosingFunction, isFunction, methodCall, outerValueNode } from '../core/ast.js';
import type { Pool } from '../pools/pools.js';

/** Methods that close an iterator, a cursor or a stream (Node, web and MongoDB). */
const CLOSING_METHODS = new Set(['close', 'destroy', 'return', 'cancel']);

/** `value.close()`, `value.destroy()`, `value.return()`, `value.cancel()`: the call, when `value` is its receiver. */
export function closingCallOf(value: TSESTree.Node): TSESTree.CallExpression | undefined {
  const member = value.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value) return undefined;
  const call = outerValueNode(member).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== outerValueNode(member)) return undefined;
  const method = methodCall(call);
  return method && CLOSING_METHODS.has(method.name) ? call : undefined;
}

/** The node that ends the pool's scope walk: its block, `try` statement or callback body; the function body for an explicit close. */
function scopeRoot(pool: Pool): TSESTree.Node {
  if (!pool.close) return pool.scopeNode;
  return pool.fn.type === AST_NODE_TYPES.Program ? pool.fn : pool.fn.body;
}

/**
 * Whether `node` runs on every normal path through the pool's scope: not in a
 * branch, a loop, a `catch` or a nested function. Inside a `try`, its block
 * and its `finally` run on every path that does not throw.
 */
export function runsOnEveryPath(node: TSESTree.Node, pool: Pool): boolean {
  if (enclosingFunction(node) !== pool.fn) return false;
  const root = scopeRoot(pool);
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current === root) return true;
    if (isFunction(current) || current.type === AST_NODE_TYPES.CatchClause || current.type === AST_NODE_TYPES.SwitchCase) return false;
    // The left operand and the test always run; the block and the `finally` of a `try` on every path that does not throw.
    if (current.type === AST_NODE_TYPES.LogicalExpression && child === current.left) continue;
    if (current.type === AST_NODE_TYPES.ConditionalExpression && child === current.test) continue;
    if (current.type === AST_NODE_TYPES.TryStatement && child !== current.handler) continue;
    if (BRANCHING.has(current.type) && current.type !== AST_NODE_TYPES.ChainExpression) return false;
  }
  return false;
}

/**
 * The first close of the value, among `closes` (calls found by value flow),
 * that runs on every path of the scope before the disposal point.
 */
export function finishingClose(
  closes: readonly TSESTree.CallExpression[],
  pool: Pool,
  inScope: (node: TSESTree.Node) => boolean,
): TSESTree.CallExpression | undefined {
  let first: TSESTree.CallExpression | undefined;
  for (const call of closes) {
    if (!inScope(call) || !runsOnEveryPath(call, pool)) continue;
    if (!first || call.range[0] < first.range[0]) first = call;
  }
  return first;
}
