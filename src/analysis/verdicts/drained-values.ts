/**
 * Consumptions that surely pull every item of a lazy value before its pool's
 * disposal: after them the iterator is exhausted, and reading it again asks
 * nothing of the pool.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  ancestors,
  BRANCHING,
  calleePath,
  collectInFunctionBody,
  contains,
  enclosingFunction,
  isFunction,
  methodCall,
  outerValueNode,
} from '../core/ast.js';
import type { Pool } from '../pools/pools.js';
import { isPartialConsumption, leavesEarly } from '../values/consumptions.js';
import type { FlowEvent } from '../values/flow-events.js';

/** The `return` and `throw` statements of each disposal scope, found once per scope: every lazy value asks. */
const exitsByScope = new WeakMap<TSESTree.Node, TSESTree.Node[]>();

function exitsOf(scope: TSESTree.Node): TSESTree.Node[] {
  let exits = exitsByScope.get(scope);
  if (!exits) {
    exits = collectInFunctionBody(
      scope,
      (node) => node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement,
    );
    exitsByScope.set(scope, exits);
  }
  return exits;
}

/**
 * A consumption in the scope that surely pulls every item before the
 * disposal: not partial, not in a branch, a loop or a function, and (for
 * `for…of`) with no way out of its body but the end. After it the iterator
 * is exhausted, and pulling it again asks nothing of the pool.
 */
export function drainsForSure(event: FlowEvent & { kind: 'consume' }, pool: Pool): boolean {
  if (isPartialConsumption(event.node) || pool.close || !isFinishedInPlace(event, pool)) return false;
  // An earlier `return` or `throw` in the scope may leave before the drain.
  const start = event.node.range[0];
  if (exitsOf(pool.scopeNode).some((exit) => exit.range[0] < start && !contains(exit, event.node))) return false;
  for (const ancestor of ancestors(event.node, pool.scopeNode)) {
    if (BRANCHING.has(ancestor.type) && !(ancestor.type === AST_NODE_TYPES.ForOfStatement && ancestor.right === event.value)) {
      return false;
    }
    if (ancestor.type === AST_NODE_TYPES.ForOfStatement && ancestor.right === event.value && leavesEarly(ancestor.body)) return false;
    if (isFunction(ancestor)) return false;
  }
  return true;
}

/** A consumption that is over when the next statement runs: a loop, a spread, `Array.from`, or an awaited call. */
function isFinishedInPlace(event: FlowEvent & { kind: 'consume' }, pool: Pool): boolean {
  const node = event.node;
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) {
    return node.parent?.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.SpreadElement || node.type === AST_NODE_TYPES.YieldExpression;
  }
  // Only consumers known to pull everything: another function may stop after one item.
  const callee = node.type === AST_NODE_TYPES.CallExpression ? calleePath(node.callee) : undefined;
  const method = node.type === AST_NODE_TYPES.CallExpression ? methodCall(node)?.name : undefined;
  const drainer = callee === 'Array.from' || callee === 'Array.fromAsync' || method === 'toArray' || method === 'forEach';
  if (!drainer) return false;
  const holder = outerValueNode(node).parent;
  // A scoped factory awaits what its callback returns.
  const awaitedByFactory =
    pool.awaitsReturnedPromise &&
    (holder?.type === AST_NODE_TYPES.ReturnStatement || holder?.type === AST_NODE_TYPES.ArrowFunctionExpression) &&
    enclosingFunction(node) === pool.fn;
  return callee === 'Array.from' || holder?.type === AST_NODE_TYPES.AwaitExpression || awaitedByFactory;
}
