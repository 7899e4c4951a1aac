/**
 * Whether a lazy value is finished when its pool closes: read to its end or
 * being read, closed, or handed out, on every path from its making. What a
 * graceful close waits for forever (rule 12) and what an abrupt or strict
 * close fails (rule 13) are the values that are not, on some path.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { BRANCHING, contains, enclosingFunction, findInFunctionBody, isFunction, methodCall } from '../core/ast.js';
import { invocationOf } from '../core/invocation.js';
import type { Driver } from '../pools/drivers.js';
import type { Pool } from '../pools/pools.js';
import { isPartialConsumption, leavesEarly } from '../values/consumptions.js';
import type { FlowEvent } from '../values/flow-events.js';
import { startedAt } from './started-consumptions.js';

/** Listener methods: a listener of a non-reading event (`'end'`, `'error'`) reads nothing. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** `s.pause()` in a listener with no `resume()` in it, nested callbacks included: the reading stops for good. */
function pausesForGood(started: TSESTree.CallExpression): boolean {
  const listener = started.arguments.find((argument) => isFunction(argument));
  if (!listener) return false;
  const calls = (name: string): boolean =>
    findInFunctionBody(listener.body, (node) => node.type === AST_NODE_TYPES.CallExpression && methodCall(node)?.name === name, true) !==
    undefined;
  return calls('pause') && !calls('resume');
}

/** A started listener of the value that pauses it (or its connection) with no resume. */
export function pausedForGood(event: FlowEvent & { kind: 'consume' }, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const started = startedAt(event.node, event.value, sourceCode);
  return started?.kind === 'listener' && pausesForGood(started.call);
}

/** The block (or program) whose statement list holds `node`'s statement. */
function enclosingBlock(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.Program) return current;
    if (isFunction(current)) return undefined;
  }
  return undefined;
}

/**
 * Whether leaving the function at `exit` (after the value was made at `made`)
 * still meets a close of `pool` with the value: a `using` declaration's at the
 * end of its block, a close in a `finally` around `exit`, or a close between
 * the making and `exit` in a block that holds `exit` (`if (dry) { await
 * conn.end(); return }`). An explicit close after it does not run on that path,
 * which never meets the value at a close.
 */
function exitMeetsClose(exit: TSESTree.Node, made: TSESTree.Node, pool: Pool | undefined): boolean {
  const by = pool?.disposedBy;
  if (!by || !Array.isArray(by)) return true;
  return (by as readonly TSESTree.CallExpression[]).some((call) => {
    if (call.range[0] > made.range[1] && call.range[1] <= exit.range[0]) {
      const block = enclosingBlock(call);
      if (block && contains(block, exit)) return true;
    }
    for (let current: TSESTree.Node | undefined = call.parent; current && !isFunction(current); current = current.parent) {
      if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && contains(current.finalizer, call)) {
        return contains(current.block, exit) || (current.handler !== null && contains(current.handler, exit));
      }
    }
    return false;
  });
}

/**
 * Whether `node` runs whenever `made` has run on the paths that reach the close: not in a branch, a loop or a
 * callback apart from it, and no `return` between them that still meets a close of `pool`.
 */
function runsWheneverMade(node: TSESTree.Node, made: TSESTree.Node, pool: Pool | undefined): boolean {
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
    (candidate) =>
      candidate.type === AST_NODE_TYPES.ReturnStatement &&
      candidate.range[0] > made.range[1] &&
      candidate.range[1] <= node.range[0] &&
      exitMeetsClose(candidate, made, pool),
  );
  return exit === undefined;
}

/** Whether an event in the scope leaves the value finished (or in other hands) at the close. */
function settles(event: FlowEvent, driver: Driver | undefined, sourceCode: Readonly<TSESLint.SourceCode>, waiting: boolean): boolean {
  switch (event.kind) {
    case 'return':
      // Handed out: someone else reads it (returned before a close in `finally`, it escapes into the close instead).
      return true;
    case 'outerWrite':
    case 'storeProperty':
    case 'export':
      // Handed out: someone else reads it, but not before a close the scope waits for is over (rule 12).
      return !waiting;
    case 'close':
      // mysql's stream: `destroy()` leaves the query running, the connection paused.
      return !(driver?.destroyKeepsQuery && methodCall(event.node)?.name === 'destroy');
    case 'consume': {
      const node = event.node;
      if (startedAt(node, event.value, sourceCode)) return !pausedForGood(event, sourceCode);
      const method = node.type === AST_NODE_TYPES.CallExpression ? methodCall(node)?.name : undefined;
      // A listener of the end or of errors reads nothing; a partial read leaves the rest unread.
      if (method !== undefined && LISTENER_METHODS.has(method)) return false;
      if (isPartialConsumption(node)) return false;
      // mysql: leaving a `for await` early leaves the query running.
      const loop = node.parent;
      if (driver?.destroyKeepsQuery && loop?.type === AST_NODE_TYPES.ForOfStatement && leavesEarly(loop.body)) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * Whether some path from the making of the value reaches a close of `pool` with the value neither finished, being
 * read, closed nor handed out. `waiting`: the scope waits for a graceful close, so a value stored away for someone
 * else is still unread when the close waits for it.
 */
export function unfinishedOnSomePath(
  made: TSESTree.Node,
  events: readonly FlowEvent[],
  driver: Driver | undefined,
  inScope: (node: TSESTree.Node) => boolean,
  sourceCode: Readonly<TSESLint.SourceCode>,
  pool?: Pool,
  waiting = false,
): boolean {
  return !events.some(
    (event) => inScope(event.node) && settles(event, driver, sourceCode, waiting) && runsWheneverMade(event.node, made, pool),
  );
}
