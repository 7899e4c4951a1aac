/**
 * Uses of a pool that start an asynchronous operation and leave it running
 * when the scope closes the pool (a statement of its own, `void`, a `forEach`
 * body, a `.then` chain): not awaited, when the close does not wait for it or
 * fails the operations still waiting for a connection.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction, findInFunctionBody, innerValueNode, isFunction, memberName, methodCall, outerValueNode } from '../core/ast.js';
import type { TypeOracle } from '../core/types.js';
import { closeFollows, type Pool } from '../pools/pools.js';
import { awaitedBeforeClose, executorPromise, settlesPromise } from '../timing/promise-executors.js';
import type { UseDriver } from '../pools/use-drivers.js';
import { IN_PLACE_METHODS, type Holder, type PoolUse } from './pool-uses.js';
import { callTaking } from './use-timing.js';

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** `db('t').insert(row)`, `db.collection('c').insertOne(doc)`: the operation a builder chain ends in (before any `.then`). */
function chainEnd(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const member = outerValueNode(current).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outerValueNode(current) || PROMISE_METHODS.has(memberName(member) ?? '')) {
      return current;
    }
    const next = outerValueNode(member).parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== outerValueNode(member)) return current;
    current = next;
  }
}

/** `call.then(f).catch(g)`: the end of the chain, and whether a `.then` was chained. */
function chainTop(call: TSESTree.CallExpression): { top: TSESTree.Node; chained: boolean } {
  let top: TSESTree.Node = outerValueNode(call);
  let chained = false;
  for (;;) {
    const member = top.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== top || !PROMISE_METHODS.has(memberName(member) ?? '')) break;
    const next = outerValueNode(member).parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression) break;
    top = outerValueNode(next);
    chained = true;
  }
  return { top, chained };
}

/** Left running by the scope: a statement of its own, `void`, an arrow body of `forEach`, or returned from a `try` whose `finally` closes. */
function leftRunning(top: TSESTree.Node, call: TSESTree.CallExpression, pool: Pool): boolean {
  const parent = top.parent;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return true;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return true;
  if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === top) {
    const loop = callTaking(parent);
    return loop !== undefined && methodCall(loop)?.name === 'forEach';
  }
  // Returned from the `try` itself: a `return` of a callback inside it (`items.map(() => { return op(); })`) is not.
  if (parent?.type !== AST_NODE_TYPES.ReturnStatement || pool.kind !== 'finally' || enclosingFunction(parent) !== pool.fn) return false;
  const statement = pool.scopeNode;
  return statement.type === AST_NODE_TYPES.TryStatement && contains(statement.block, call);
}

/** The close method the scope calls, and what it does. */
function closeOf(pool: Pool, driver: UseDriver | undefined): { method: string; behaviour: string } {
  const by = pool.disposedBy;
  const calls = Array.isArray(by) ? (by as readonly TSESTree.CallExpression[]) : [];
  const [first] = calls;
  const method = first ? (methodCall(first)?.name ?? 'close') : (driver?.disposes ?? '[Symbol.dispose]');
  const forced = driver?.forcedByTrue === true && calls.some((call) => call.arguments[0]?.type === AST_NODE_TYPES.Literal && call.arguments[0].value === true);
  return { method: forced ? `${method}(true)` : `${method}()`, behaviour: forced ? 'abrupt' : (driver?.closes[method] ?? 'abrupt') };
}

/** Whether an `await` of the pool's function lies between the call and the close ahead of it. */
function awaitsBefore(call: TSESTree.CallExpression, pool: Pool): boolean {
  const by = pool.disposedBy;
  const closes = Array.isArray(by) ? (by as readonly TSESTree.CallExpression[]) : [];
  const end = closes.find((close) => close.range[0] > call.range[1])?.range[0] ?? pool.disposedFrom;
  const body = pool.fn.type === AST_NODE_TYPES.Program ? pool.fn : pool.fn.body;
  return findInFunctionBody(body, (node) => node.type === AST_NODE_TYPES.AwaitExpression && node.range[0] > call.range[1] && node.range[1] <= end) !== undefined;
}

/** Whether some `await` waits for this method of the holder elsewhere: then it returns a promise. */
function awaitedThrough(holder: Holder, method: string | undefined): boolean {
  if (method === undefined) return false;
  return holder.binding.references.some((reference) => {
    const member = outerValueNode(reference.identifier).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outerValueNode(reference.identifier)) return false;
    if (memberName(member) !== method) return false;
    const call = outerValueNode(member).parent;
    return call?.type === AST_NODE_TYPES.CallExpression && outerValueNode(call).parent?.type === AST_NODE_TYPES.AwaitExpression;
  });
}

const CALLBACK_NAMES = /^(?:cb|callback|done|next|handler)$|(?:Callback|Cb)$/;

/** A callback-style call: its last argument is a function, or a binding named as a callback (`cb`, `done`). */
function takesCallback(call: TSESTree.CallExpression): boolean {
  const last = call.arguments.at(-1);
  if (!last) return false;
  return isFunction(last) || (last.type === AST_NODE_TYPES.Identifier && CALLBACK_NAMES.test(last.name));
}

/** A helper of the file that starts an operation on its parameter and returns before it is over. */
function startsOperation(helper: NonNullable<PoolUse['helper']>, driver: UseDriver | undefined): boolean {
  if (helper.fn.async) return true;
  return helper.uses.some((inner) => {
    if (!inner.call) return false;
    const call = chainEnd(inner.call);
    const { top, chained } = chainTop(call);
    const statement = top.parent?.type === AST_NODE_TYPES.ExpressionStatement || top.parent?.type === AST_NODE_TYPES.UnaryExpression;
    return statement && (chained || takesCallback(call) || driver?.promises === true || driver?.acquiresAsync === true);
  });
}

/**
 * `await new Promise((resolve, reject) => session.get(oids, (e, v) => (e ? reject(e) : resolve(v))))`, or
 * `client.size(path).then(resolve, reject)` there: the operation settles, through its callback or its handlers
 * (`top` is the end of its chain), a promise the scope awaits before the close, so it is over by then.
 */
function settlesAwaitedPromise(top: TSESTree.Node, pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const executor = enclosingFunction(top);
  const promise = executorPromise(executor);
  return promise !== undefined && executor.type !== AST_NODE_TYPES.Program && settlesPromise(executor, top, sourceCode) && awaitedBeforeClose(promise, pool, sourceCode);
}

/** Not awaited: what the close does to the operation left running, or undefined when it is fine. */
export function notAwaited(
  use: PoolUse,
  pool: Pool,
  driver: UseDriver | undefined,
  types: TypeOracle | undefined,
  lazy: (node: TSESTree.Node) => boolean,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { behaviour: string; operation: TSESTree.CallExpression } | undefined {
  if (!use.call || driver?.sync) return undefined;
  const call = chainEnd(use.call);
  // A cursor or a stream made on the way is the first rule's lazy value: what happens to it is that rule's to say.
  for (let link: TSESTree.Node = call; link !== use.call; ) {
    if (link.type !== AST_NODE_TYPES.CallExpression || lazy(link)) return undefined;
    const callee = innerValueNode(link.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    link = innerValueNode(callee.object);
  }
  if (lazy(use.call)) return undefined;
  const { top, chained } = chainTop(call);
  if (!leftRunning(top, call, pool)) return undefined;
  // An explicit close that no path leads to from the call (the other branch of an `if`) leaves nothing running.
  if (pool.close && !closeFollows(pool.close, call)) return undefined;
  if (settlesAwaitedPromise(top, pool, sourceCode)) return undefined;
  const callback = takesCallback(call) && !IN_PLACE_METHODS.has(methodCall(call)?.name ?? '');
  const operationName = methodCall(call)?.name;
  if (operationName !== undefined && driver?.syncMethods?.has(operationName)) return undefined;
  const promise =
    chained ||
    driver?.promises === true ||
    // Every call on a pool that acquires connections asynchronously waits for one: `pool.query(sql)`.
    driver?.acquiresAsync === true ||
    (types?.returnsThenable(call) ?? false) ||
    awaitedThrough(use.holder, operationName);
  if (!callback && !promise && !(use.helper && startsOperation(use.helper, driver))) return undefined;
  const { method, behaviour } = closeOf(pool, driver);
  const who = driver ? `${driver.name}'s ${method}` : method;
  if (behaviour !== 'graceful') return { behaviour: `${who} does not wait for it`, operation: call };
  if (!driver?.acquiresAsync || awaitsBefore(call, pool)) return undefined;
  return { behaviour: `${who} fails the operations still waiting for a connection`, operation: call };
}
