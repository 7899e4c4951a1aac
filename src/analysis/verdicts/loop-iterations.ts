/**
 * Values kept across loop iterations: a binding declared outside a loop that
 * disposes its pool in every iteration still holds, in the next iteration, the iterator
 * of a pool that is gone (`r ??= pool.iterate()`, or a use before `r = …`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { ancestors, contains, isFunction, isLoop } from '../core/ast.js';
import { leavesItems } from '../values/consumptions.js';
import type { LazySource } from '../values/lazy-sources.js';
import type { Pool } from '../pools/pools.js';
import { callerView } from '../timing/timing.js';
import type { BindingWrite } from '../values/flow-events.js';

/** `r ??= it` (and `||=`, `&&=`) leaves a value already there in place. */
export function keepsOldValue(write: BindingWrite): boolean {
  return write.node.type === AST_NODE_TYPES.AssignmentExpression && ['??=', '||=', '&&='].includes(write.node.operator);
}

/**
 * The loops that may make a new pool in each iteration: those around the write inside
 * the pool's function, and for a scoped factory, those around the factory call.
 */
function* loopsAroundPool(write: BindingWrite, pool: Pool): Generator<TSESTree.Node> {
  for (const ancestor of ancestors(write.node, pool.fn)) if (isLoop(ancestor)) yield ancestor;
  const caller = callerView(pool);
  if (!caller) return;
  for (const ancestor of ancestors(pool.scopeNode, caller.fn)) if (isLoop(ancestor)) yield ancestor;
}

/** The node that stands for `node` in the pool function's own code path: the outermost function between them, or itself. */
function placedAs(node: TSESTree.Node, pool: Pool): TSESTree.Node {
  let placed = node;
  for (const ancestor of ancestors(node, pool.fn)) if (isFunction(ancestor)) placed = ancestor;
  return placed;
}

/**
 * Whether `node`, inside a loop around both the write and the pool but not
 * around the binding's declaration, may see the value an earlier iteration
 * wrote: 'all' iterations after the first, 'some' for an explicit close (judged by code
 * paths from the close, through the loop, to `node`), or false.
 */
export function seesEarlierIteration(
  write: BindingWrite,
  node: TSESTree.Node,
  source: LazySource,
  generatorObject: boolean,
): 'all' | 'some' | false {
  const pool = source.pool;
  const keepsOld = keepsOldValue(write);
  const declaration = write.variable.defs[0]?.name;
  let loop: TSESTree.Node | undefined;
  for (const candidate of loopsAroundPool(write, pool)) {
    if (contains(candidate, node) && (!declaration || !contains(candidate, declaration))) {
      loop = candidate;
      break;
    }
  }
  if (!loop) return false;
  // Used after `r ??= it` in the iteration that wrote it too: a consumption that pulls everything
  // leaves nothing for the next iteration to pull from the dead pool.
  if (keepsOld && node.range[0] > write.node.range[0] && !leavesItems(node, generatorObject)) return false;
  const close = pool.close;
  if (!close) {
    // Only a pool that the loop makes and disposes again in each iteration leaves an earlier value dead.
    if (!contains(loop, pool.scopeNode)) return false;
    return keepsOld || node.range[0] < write.node.range[0] ? 'all' : false;
  }
  if (!close.calls.some((call) => contains(loop, call))) return false;
  // From a close, back round the loop, to `node`: only writes that replace the value cut the way.
  const replacing = write.variable.references
    .filter((reference) => reference.isWrite() && !keepsOldValue({ variable: write.variable, node: reference.identifier.parent }))
    .map((reference) => reference.identifier);
  return close.tracker.reach(close.calls, placedAs(node, pool), replacing) === 'none' ? false : 'some';
}
