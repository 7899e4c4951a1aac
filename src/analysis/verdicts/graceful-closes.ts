/**
 * Graceful closes wait (rule 12). A close that waits for what the pool handed
 * out is no danger to a value being read: the started consumption, the
 * un-awaited consumer and the value read after an un-awaited close all finish.
 * What it cannot survive is a value nobody reads: an awaited graceful close
 * then waits forever (**blocks the close**, on the making of the value), and a
 * value returned unread from a `try` whose `finally` awaits the close makes
 * the function return only once the caller has read it, which the caller
 * cannot do before it returns.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { collectInFunctionBody, enclosingFunction, methodCall } from '../core/ast.js';
import type { CloseKind } from '../pools/close-kinds.js';
import type { Pool } from '../pools/pools.js';
import type { LazySource } from '../values/lazy-sources.js';
import type { FlowEvent } from '../values/flow-events.js';
import { pausedForGood, unfinishedOnSomePath } from './unfinished-values.js';

/** Lazy methods whose values hold a connection while unread: a graceful close waits for them. */
const CONNECTION_HOLDING_METHODS = new Set(['stream', 'queryStream']);

/**
 * Whether the graceful close waits for the value made at `made`: the driver
 * waits for unread values of its kind (a mysql or knex `.stream()`), and the
 * pool does not hand out connections later than the value was made (a pool
 * that acquires connections asynchronously fails a value made in the same
 * tick as its close: that value is judged as at an abrupt close).
 */
export function waitsFor(close: CloseKind, made: TSESTree.Node, pool: Pool): boolean {
  const driver = close.driver;
  if (close.behaviour !== 'graceful' || !driver) return false;
  const method = made.type === AST_NODE_TYPES.CallExpression ? methodCall(made)?.name : undefined;
  if (method !== undefined && driver.notAwaited?.has(method)) return false;
  return !driver.acquiresAsync || awaitBetween(made, pool);
}

/** The `await`s and `for await` loops of each function: asked once per function. */
const awaitsByFunction = new WeakMap<TSESTree.Node, TSESTree.Node[]>();

/** Whether an `await` runs between the making of the value and the pool's disposal point (by then the value holds its connection). */
function awaitBetween(made: TSESTree.Node, pool: Pool): boolean {
  const fn = enclosingFunction(made);
  const body = fn.type === AST_NODE_TYPES.Program ? fn : fn.body;
  let awaits = awaitsByFunction.get(body);
  if (!awaits) {
    awaits = collectInFunctionBody(
      body,
      (node) => node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await),
    );
    awaitsByFunction.set(body, awaits);
  }
  return awaits.some((node) => node.range[0] >= made.range[1] && node.range[1] <= pool.scopeEnd);
}

/**
 * Whether, at an awaited graceful close, the value made at `made` is read (or
 * being read), closed or handed out on every path: else it blocks the close.
 * Only values that hold a connection while unread can block it.
 */
export function blocksClose(
  source: LazySource,
  events: readonly FlowEvent[],
  close: CloseKind,
  inScope: (node: TSESTree.Node) => boolean,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const made = source.node;
  const method = made.type === AST_NODE_TYPES.CallExpression ? methodCall(made)?.name : undefined;
  if (!close.awaited) return false;
  // mysql's query emitter: the driver reads its rows whether listened to or not, unless a listener pauses the connection.
  if (method === 'query' && !source.response) return events.some((event) => event.kind === 'consume' && pausedForGood(event, sourceCode));
  if (!source.response && (method === undefined || !CONNECTION_HOLDING_METHODS.has(method))) return false;
  return unfinishedOnSomePath(made, events, close.driver, inScope, sourceCode, source.pool, true);
}
