/**
 * When a function created in a disposal scope runs: in place (IIFEs, promise
 * executors, array-method callbacks, awaited `.then` chains), later (timers,
 * microtasks, event listeners, un-awaited `.then` callbacks), or unknown.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, methodCall, outerValueNode, type FunctionNode } from './ast.js';
import { isAwaitedExpression } from './awaited-in-place.js';

export type Invocation =
  | { kind: 'inPlace' }
  /**
   * `microtask`: a synchronous callback queued with queueMicrotask or process.nextTick, or the
   * first `.then` on `Promise.resolve(…)`: it runs before any timer, and before an `await` that
   * follows it resumes. (Other `.then` callbacks wait for their promise, which may take any number
   * of ticks.)
   */
  | { kind: 'later'; callback: string; microtask: boolean }
  | { kind: 'unknown' };

const TIMERS = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'process.nextTick',
  'globalThis.setTimeout',
  'globalThis.setInterval',
  'globalThis.setImmediate',
  'globalThis.queueMicrotask',
  'window.setTimeout',
  'window.setInterval',
]);

const MICROTASK_TIMERS = new Set(['queueMicrotask', 'process.nextTick', 'globalThis.queueMicrotask']);

const LISTENER_METHODS = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);

const PROMISE_CALLBACK_METHODS = new Set(['then', 'catch', 'finally']);

/** Node's `http.get(url, options, (res) => …)`: the callback gets the response, which arrives after the call returns. */
const RESPONSE_CALLBACK_CALLEES = new Set(['http.get', 'https.get', 'http.request', 'https.request']);

/** Callbacks that the callee runs before it returns. */
const IN_PLACE_METHODS = new Set([
  'map',
  'forEach',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
]);

/** `Promise.resolve(…).then(cb)`: the first link on an already resolved promise runs on the next tick. */
function isOnResolvedPromise(call: TSESTree.CallExpression): boolean {
  const method = methodCall(call);
  const receiver = method && outerValueNode(method.member.object);
  return receiver?.type === AST_NODE_TYPES.CallExpression && calleePath(receiver.callee) === 'Promise.resolve';
}

/** The expression a `.then(…).catch(…)` chain ends in. */
function promiseChainTop(call: TSESTree.CallExpression): TSESTree.Node {
  let top: TSESTree.Node = outerValueNode(call);
  for (;;) {
    const member = top.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== top) return top;
    const next = outerValueNode(member).parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression) return top;
    const method = methodCall(next);
    if (!method || !PROMISE_CALLBACK_METHODS.has(method.name)) return top;
    top = outerValueNode(next);
  }
}

function listenerLabel(call: TSESTree.CallExpression): string {
  const [event] = call.arguments;
  if (event?.type !== AST_NODE_TYPES.Literal || typeof event.value !== 'string') return 'an event listener';
  // `an 'error' listener`, `a 'data' listener`.
  return `${/^[aeiou]/i.test(event.value) ? 'an' : 'a'} '${event.value}' listener`;
}

/**
 * `setTimeout(fn, 200)`, `setImmediate(fn)`: the timer call a function is handed to, if it is a timer's callback;
 * `at`: the function, or the name it is handed over by (`setTimeout(dispose, 200)`, see `handedOverByName`).
 */
export function timerCallOf(at: TSESTree.Node): TSESTree.CallExpression | undefined {
  const value = outerValueNode(at);
  const parent = value.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== value) return undefined;
  const path = calleePath(parent.callee);
  return path !== undefined && TIMERS.has(path) ? parent : undefined;
}

/**
 * When `fn` runs, from where it is written, or from `at`, the name it is handed over by (`setTimeout(dispose, 10)`,
 * see `handedOverByName`): then a callback that runs later is told with the line it is handed over at.
 */
export function invocationOf(fn: FunctionNode, at: TSESTree.Node = fn): Invocation {
  const invocation = invocationFrom(fn, at);
  return invocation.kind === 'later' && at !== fn
    ? { ...invocation, callback: `${invocation.callback} handed over at line ${String(at.loc.start.line)}` }
    : invocation;
}

function invocationFrom(fn: FunctionNode, at: TSESTree.Node): Invocation {
  if (at === fn && fn.type === AST_NODE_TYPES.FunctionDeclaration) return { kind: 'unknown' };
  const value = outerValueNode(at);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.NewExpression) {
    const isExecutor =
      parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise' && parent.arguments[0] === value;
    return isExecutor ? { kind: 'inPlace' } : { kind: 'unknown' };
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression) return { kind: 'unknown' };
  if (parent.callee === value) return { kind: 'inPlace' };
  const path = calleePath(parent.callee);
  if (path !== undefined && TIMERS.has(path)) {
    return { kind: 'later', callback: `a ${path} callback`, microtask: MICROTASK_TIMERS.has(path) && !fn.async };
  }
  if (path !== undefined && RESPONSE_CALLBACK_CALLEES.has(path) && parent.arguments.at(-1) === value) {
    return { kind: 'later', callback: `the ${path} response callback`, microtask: false };
  }
  const method = methodCall(parent);
  if (!method) return { kind: 'unknown' };
  if (LISTENER_METHODS.has(method.name)) return { kind: 'later', callback: listenerLabel(parent), microtask: false };
  if (PROMISE_CALLBACK_METHODS.has(method.name)) {
    // Awaited where it is made (also through `Promise.all` and a `map` into it): the callback runs before the `await` resumes.
    return isAwaitedExpression(promiseChainTop(parent))
      ? { kind: 'inPlace' }
      : { kind: 'later', callback: `a .${method.name} callback`, microtask: !fn.async && isOnResolvedPromise(parent) };
  }
  if (IN_PLACE_METHODS.has(method.name)) return { kind: 'inPlace' };
  return { kind: 'unknown' };
}
