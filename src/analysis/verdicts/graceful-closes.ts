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
import { BRANCHING, collectInFunctionBody, contains, enclosingFunction, findInFunctionBody, isFunction, methodCall } from '../core/ast.js';
import { invocationOf } from '../core/invocation.js';
import type { CloseKind } from '../pools/close-kinds.js';
import type { Pool } from '../pools/pools.js';
import { isPartialConsumption, leavesEarly } from '../values/consumptions.js';
import type { FlowEvent } from '../values/value-flow.js';
import { startedAt } from './started-consumptions.js';

/** Listener methods: a listener of a non-reading event (`'end'`, `'error'`) reads nothing. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

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

/** `s.pause()` in a listener with no `resume()` in it, nested callbacks included: the reading stops for good. */
function pausesForGood(started: TSESTree.CallExpression): boolean {
  const listener = started.arguments.find((argument) => isFunction(argument));
  if (!listener) return false;
  const calls = (name: string): boolean =>
    findInFunctionBody(
      listener.body,
      (node) => node.type === AST_NODE_TYPES.CallExpression && methodCall(node)?.name === name,
      true,
    ) !== undefined;
  return calls('pause') && !calls('resume');
}

/** A started listener of the value that pauses it (or its connection) with no resume. */
function pausedForGood(event: FlowEvent & { kind: 'consume' }, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const started = startedAt(event.node, event.value, sourceCode);
  return started?.kind === 'listener' && pausesForGood(started.call);
}

/** Whether `node` runs whenever `made` has run: not in a branch, a loop or a callback apart from it, and no `return` between them. */
function runsWheneverMade(node: TSESTree.Node, made: TSESTree.Node): boolean {
  for (let current = node.parent; current && !contains(current, made); current = current.parent) {
    // A promise executor or an awaited IIFE runs in place.
    if (isFunction(current) && invocationOf(current).kind === 'inPlace') continue;
    if (isFunction(current) || current.type === AST_NODE_TYPES.CatchClause || current.type === AST_NODE_TYPES.SwitchCase) return false;
    if (current.type === AST_NODE_TYPES.TryStatement) continue;
    if (current.type === AST_NODE_TYPES.ForOfStatement && contains(current.right, node)) continue;
    if (BRANCHING.has(current.type) && current.type !== AST_NODE_TYPES.ChainExpression) return false;
  }
  const fn = enclosingFunction(made);
  const body = fn.type === AST_NODE_TYPES.Program ? fn : fn.body;
  const exit = findInFunctionBody(
    body,
    (candidate) => candidate.type === AST_NODE_TYPES.ReturnStatement && candidate.range[0] > made.range[1] && candidate.range[1] <= node.range[0],
  );
  return exit === undefined;
}

/** How an event in the scope leaves the value at the close: read (or being read), closed, handed out, or neither. */
function settles(event: FlowEvent, close: CloseKind, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  switch (event.kind) {
    case 'outerWrite':
    case 'storeProperty':
    case 'export':
      // Handed out: someone else may read it.
      return true;
    case 'close':
      // mysql's stream: `destroy()` leaves the query running, the connection paused.
      return !(close.driver?.destroyKeepsQuery && methodCall(event.node)?.name === 'destroy');
    case 'consume': {
      const node = event.node;
      if (startedAt(node, event.value, sourceCode)) return !pausedForGood(event, sourceCode);
      const method = node.type === AST_NODE_TYPES.CallExpression ? methodCall(node)?.name : undefined;
      // A listener of the end or of errors reads nothing; a partial read leaves the rest unread.
      if (method !== undefined && LISTENER_METHODS.has(method)) return false;
      if (isPartialConsumption(node)) return false;
      // mysql: leaving a `for await` early leaves the query running.
      const loop = node.parent;
      if (close.driver?.destroyKeepsQuery && loop?.type === AST_NODE_TYPES.ForOfStatement && leavesEarly(loop.body)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * Whether, at an awaited graceful close, the value made at `made` is read (or
 * being read), closed or handed out on every path: else it blocks the close.
 * Only values that hold a connection while unread can block it.
 */
export function blocksClose(
  made: TSESTree.Node,
  events: readonly FlowEvent[],
  close: CloseKind,
  inScope: (node: TSESTree.Node) => boolean,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const method = made.type === AST_NODE_TYPES.CallExpression ? methodCall(made)?.name : undefined;
  if (!close.awaited) return false;
  // mysql's query emitter: the driver reads its rows whether listened to or not, unless a listener pauses the connection.
  if (method === 'query') return events.some((event) => event.kind === 'consume' && pausedForGood(event, sourceCode));
  if (method === undefined || !CONNECTION_HOLDING_METHODS.has(method)) return false;
  return !events.some((event) => inScope(event.node) && settles(event, close, sourceCode) && runsWheneverMade(event.node, made));
}
