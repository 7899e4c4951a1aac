/**
 * When a use of a pool runs relative to its close: in place (a sync callback
 * of the pool, a promise executor), later (a callback of an asynchronous
 * operation, handed over before the close), or as the shared timing says.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, innerValueNode, isFunction, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import { invocationOf } from '../core/invocation.js';
import { closeFollows, type Pool } from '../pools/pools.js';
import { settledExecutorAround } from '../timing/promise-executors.js';
import { timingOf, type Timing } from '../timing/timing.js';
import { excerpt } from '../wording/describe.js';
import { IN_PLACE_METHODS, type PoolUse } from './pool-uses.js';

/** The call a function is handed to as an argument. */
export function callTaking(fn: FunctionNode): TSESTree.CallExpression | undefined {
  const value = outerValueNode(fn);
  const call = value.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee !== value && call.arguments.includes(value as TSESTree.CallExpressionArgument)
    ? call
    : undefined;
}

const PROMISE_HANDLERS = new Set(['then', 'catch', 'finally']);

const ERROR_PARAMETERS = new Set(['err', 'error', 'e', 'er', 'error_']);

/** A callback that runs once an asynchronous operation is over: of a use of the pool, or error-first. */
function isAsyncCallback(fn: FunctionNode, call: TSESTree.CallExpression, useCalls: ReadonlySet<TSESTree.Node>): boolean {
  if (call.arguments.at(-1) !== outerValueNode(fn)) return false;
  const first = fn.params[0];
  if (first?.type === AST_NODE_TYPES.Identifier && ERROR_PARAMETERS.has(first.name)) return true;
  return useCalls.has(call) && !IN_PLACE_METHODS.has(methodCall(call)?.name ?? '');
}

/** Whether `fn` runs before its call returns: a sync callback of the pool (`db.serialize(…)`), a promise executor. */
function runsInPlace(fn: FunctionNode, call: TSESTree.CallExpression | undefined): boolean {
  if (call) return IN_PLACE_METHODS.has(methodCall(call)?.name ?? '');
  const parent = outerValueNode(fn).parent;
  return parent?.type === AST_NODE_TYPES.NewExpression && innerValueNode(parent.callee).type === AST_NODE_TYPES.Identifier && (innerValueNode(parent.callee) as TSESTree.Identifier).name === 'Promise';
}

/** Whether `node` is, or lies in, a function declaration nested in `fn`. */
function insideDeclaration(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return contains(fn, current);
  }
  return false;
}

/**
 * When a use runs relative to the pool's life. Callbacks of the pool's
 * callback-style methods and error-first callbacks run after their call, so
 * after a close that follows the call; sync callbacks (`serialize`) and
 * promise executors run in place; the rest is the shared timing.
 */
export function useTiming(use: PoolUse, pool: Pool, useCalls: ReadonlySet<TSESTree.Node>, sourceCode: Readonly<TSESLint.SourceCode>): Timing {
  let at: TSESTree.Node = use.node;
  let handed: TSESTree.CallExpression | undefined;
  let executor: TSESTree.Node | undefined;
  // The function the walk stopped at: one that runs later, as the shared timing says.
  let stop: FunctionNode | undefined;
  for (let current = use.node.parent; current && current !== pool.fn; current = current.parent) {
    if (!isFunction(current)) continue;
    const call = callTaking(current);
    // `await op().catch((e) => t.fail(e))`: a handler of a chain awaited where it is made runs before the `await` resumes.
    if (call && PROMISE_HANDLERS.has(methodCall(call)?.name ?? '') && invocationOf(current).kind === 'inPlace') {
      at = call;
      continue;
    }
    if (call && isAsyncCallback(current, call, useCalls)) {
      handed = call;
      executor = undefined;
      at = call;
    } else if (runsInPlace(current, call)) {
      executor ??= call ? undefined : outerValueNode(current).parent;
      at = call ?? current;
    } else {
      // Inside a declaration of the pool's function (hoisted, maybe written after the close), the position
      // says nothing of when the use runs.
      if (insideDeclaration(current, pool.fn)) return { kind: 'unknown', offset: use.node.range[0] };
      stop = current;
      break;
    }
  }
  // A callback inside a promise executor that is awaited in place runs before the `await` resumes.
  if (handed && executor && outerValueNode(executor).parent?.type === AST_NODE_TYPES.AwaitExpression) return timingOf(executor, pool, sourceCode);
  // A timer's callback that settles a promise the scope awaits before the close (`const p = new Promise((r) =>
  // setTimeout(async () => { await conn.x(); r(); }))`, then `await p`) runs before the close.
  const settled = stop && !handed ? settledExecutorAround(stop, pool, sourceCode) : undefined;
  const timing = timingOf(settled ?? at, pool, sourceCode);
  if (!handed || timing.kind !== 'inScope') return timing;
  if (pool.close && !closeFollows(pool.close, at)) return { kind: 'unknown', offset: timing.offset };
  return { kind: 'later', offset: handed.range[0], callback: `the callback of '${excerpt(handed, sourceCode)}'` };
}
