/**
 * Where a node runs relative to a pool's life: before its disposal scope,
 * inside it, after the disposal point, later (a deferred callback created in
 * the scope), or unknown.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, type FunctionNode } from './ast.js';
import { invocationOf } from './invocation.js';
import { closeFollows, type Pool } from './pools.js';

export type Timing =
  | { kind: 'before' | 'inScope' | 'unknown'; offset: number }
  /** `somePaths`: an explicit close precedes it on some code paths only. */
  | { kind: 'after'; offset: number; somePaths: boolean }
  | { kind: 'later'; offset: number; callback: string };

/** The functions between `node` and `pool.fn`, innermost first; undefined when `node` is not inside `pool.fn`. */
function functionsBetween(node: TSESTree.Node, pool: Pool): FunctionNode[] | undefined {
  const chain: FunctionNode[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (current === pool.fn) return chain;
    if (isFunction(current)) chain.push(current);
  }
  return pool.fn.type === AST_NODE_TYPES.Program ? chain : undefined;
}

type Place = 'before' | 'inScope' | 'after' | 'afterOnSomePaths' | 'unknown';

function place(node: TSESTree.Node, offset: number, pool: Pool): Place {
  if (pool.close) {
    // An explicit close: what counts is whether a code path leads from the close to here.
    const reach = pool.close.tracker.reach(pool.close.calls, node, pool.close.barriers);
    if (reach === 'all') return 'after';
    return reach === 'some' ? 'afterOnSomePaths' : 'inScope';
  }
  if (offset < pool.scopeStart) return 'before';
  if (offset < pool.scopeEnd) return 'inScope';
  if (offset >= pool.disposedFrom) return 'after';
  return 'unknown';
}

export function timingOf(node: TSESTree.Node, pool: Pool): Timing {
  const chain = functionsBetween(node, pool);
  if (!chain) return { kind: 'unknown', offset: node.range[0] };
  const outermost = chain.at(-1);
  const offset = outermost ? outermost.range[0] : node.range[0];
  const where = place(outermost ?? node, offset, pool);
  let later: string | undefined;
  let unknown = false;
  for (const fn of chain) {
    const invocation = invocationOf(fn);
    if (invocation.kind === 'later') later ??= invocation.callback;
    else if (invocation.kind === 'unknown') unknown = true;
  }
  // A function created after the disposal point can only run after it.
  if (where === 'after' || where === 'afterOnSomePaths') {
    return { kind: 'after', offset, somePaths: where === 'afterOnSomePaths' };
  }
  if (unknown) return { kind: 'unknown', offset };
  if (later !== undefined) {
    // After an explicit close, a deferred callback is late only if a close still lies ahead of its creation.
    const lateToo = !pool.close || closeFollows(pool.close, outermost ?? node);
    return where === 'inScope' && lateToo ? { kind: 'later', offset, callback: later } : { kind: 'unknown', offset };
  }
  return { kind: where, offset };
}
