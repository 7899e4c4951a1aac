/**
 * The decisions of `no-pool-used-after-close`, one per use of a pool:
 * **used after close** (the use can run after the disposal point in the same
 * function), **used later** (it runs in a function handed over before the
 * disposal point that runs after it: a callback of the pool's own
 * callback-style methods, of an error-first API, a timer, a listener, an
 * un-awaited `.then`), **not awaited** (an asynchronous operation on the pool,
 * started in the scope and left running when an abrupt close comes, or a
 * graceful close of a pool that hands out connections asynchronously).
 *
 * Pools are kinds 1, 2, 3 and 5, and kind 4 where the driver is known (rule
 * 11, or the `closes` option). A close in a `catch` is error-path cleanup here.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn, lazily } from '../../util/cached.js';
import { contains, findInFunctionBody, innerValueNode, isFunction, memberName, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { holdsLazyValue, isLazyByName } from '../pools/lazy-value-pools.js';
import type { PoolBinding } from '../pools/pool-bindings.js';
import { iteratesOwnItems } from '../pools/pool-nouns.js';
import { closeFollows, listCloses, reopenCalls, type Pool } from '../pools/pools.js';
import { useDriverOf, type UseDriver } from '../pools/use-drivers.js';
import { timingOf, type Timing } from '../timing/timing.js';
import { excerpt } from '../wording/describe.js';
import { IN_PLACE_METHODS, isExcludedUse, usesOf, type Holder, type PoolUse, type UseVocabulary } from './pool-uses.js';

export type PoolUseFinding =
  | { kind: 'usedAfterClose'; use: PoolUse; pool: Pool; driver: UseDriver | undefined; somePaths: boolean }
  | { kind: 'usedLater'; use: PoolUse; pool: Pool; driver: UseDriver | undefined; callback: string }
  | { kind: 'notAwaited'; use: PoolUse; pool: Pool; driver: UseDriver | undefined; behaviour: string; operation: TSESTree.CallExpression };

/** Whether `node` lies in a `catch` clause of `fn` (not of a function inside it). */
function inCatch(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
    if (isFunction(current)) return false;
  }
  return false;
}

/** `line 12, db.close()` for each close, made when a message asks. */
function describeCloses(calls: readonly TSESTree.CallExpression[], sourceCode: Readonly<TSESLint.SourceCode>): () => string[] {
  return lazily(() => calls.map((call) => `line ${String(call.loc.start.line)}, ${excerpt(call, sourceCode)}`));
}

/**
 * The pool as this rule sees it: for an explicit close, only the closes on
 * the success path (not in a `catch`), with re-creations and reopenings as
 * barriers; undefined when nothing is left.
 */
function viewOf(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): Pool | undefined {
  const close = pool.close;
  if (!close) return pool;
  const calls = close.calls.filter((call) => !inCatch(call, pool.fn));
  if (calls.length === 0) return undefined;
  const descriptions = describeCloses(calls, sourceCode);
  return {
    ...pool,
    disposal: () => listCloses(descriptions()),
    close: { ...close, calls, descriptions, barriers: [...close.barriers, ...close.reopens] },
    disposedBy: calls,
  };
}

/**
 * The view for a use through `holder`: a handle (or an alias) is judged from where it was made, its own
 * re-writes re-create it, and a close after the pool's binding was given a new pool closes that one, not
 * what the holder holds. Undefined when no close is left.
 */
function viewFor(view: Pool, holder: Holder, sourceCode: Readonly<TSESLint.SourceCode>): Pool | undefined {
  if (!view.close || !holder.made) return view;
  const made = holder.made;
  const renewed = view.variable.references
    .filter((reference) => reference.isWrite() && reference.identifier.range[0] > made.range[1])
    .map((reference) => reference.identifier.range[0]);
  const from = renewed.length > 0 ? Math.min(...renewed) : Infinity;
  const calls = view.close.calls.filter((call) => call.range[0] < from);
  if (calls.length === 0) return undefined;
  const rewrites = holder.binding.references
    .filter((reference) => reference.isWrite() && !contains(outerValueNode(made).parent ?? made, reference.identifier))
    .map((reference) => reference.identifier);
  // The binding's own re-creations give it a new pool, not the holder: only reopenings of the old one count.
  const reopens = view.close.reopens.filter((call) => call.range[0] < from);
  const descriptions = calls.length === view.close.calls.length ? view.close.descriptions : describeCloses(calls, sourceCode);
  return {
    ...view,
    disposal: () => listCloses(descriptions()),
    disposedBy: calls,
    close: { ...view.close, calls, descriptions, origin: made, barriers: [...reopens, ...rewrites] },
  };
}

/** `pool = new Pool()`, `await pool.connect()` between the disposal point and the use: a new life. */
function recreatedBefore(use: PoolUse, pool: Pool, reopens: readonly TSESTree.CallExpression[]): boolean {
  const at = use.node.range[0];
  const between = (node: TSESTree.Node): boolean => node.range[0] >= pool.disposedFrom && node.range[1] <= at;
  return pool.variable.references.some((reference) => reference.isWrite() && between(reference.identifier)) || reopens.some(between);
}

/** The call a function is handed to as an argument. */
function callTaking(fn: FunctionNode): TSESTree.CallExpression | undefined {
  const value = outerValueNode(fn);
  const call = value.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee !== value && call.arguments.includes(value as TSESTree.CallExpressionArgument)
    ? call
    : undefined;
}

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

/**
 * When a use runs relative to the pool's life. Callbacks of the pool's
 * callback-style methods and error-first callbacks run after their call, so
 * after a close that follows the call; sync callbacks (`serialize`) and
 * promise executors run in place; the rest is the shared timing.
 */
/** Whether `node` is, or lies in, a function declaration nested in `fn`. */
function insideDeclaration(node: TSESTree.Node, fn: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return contains(fn, current);
  }
  return false;
}

function useTiming(use: PoolUse, pool: Pool, useCalls: ReadonlySet<TSESTree.Node>, sourceCode: Readonly<TSESLint.SourceCode>): Timing {
  let at: TSESTree.Node = use.node;
  let handed: TSESTree.CallExpression | undefined;
  let executor: TSESTree.Node | undefined;
  for (let current = use.node.parent; current && current !== pool.fn; current = current.parent) {
    if (!isFunction(current)) continue;
    const call = callTaking(current);
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
      break;
    }
  }
  // A callback inside a promise executor that is awaited in place runs before the `await` resumes.
  if (handed && executor && outerValueNode(executor).parent?.type === AST_NODE_TYPES.AwaitExpression) return timingOf(executor, pool, sourceCode);
  const timing = timingOf(at, pool, sourceCode);
  if (!handed || timing.kind !== 'inScope') return timing;
  if (pool.close && !closeFollows(pool.close, at)) return { kind: 'unknown', offset: timing.offset };
  return { kind: 'later', offset: handed.range[0], callback: `the callback of '${excerpt(handed, sourceCode)}'` };
}

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
  if (parent?.type !== AST_NODE_TYPES.ReturnStatement || pool.kind !== 'finally') return false;
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

/** Not awaited: what the close does to the operation left running, or undefined when it is fine. */
function notAwaited(
  use: PoolUse,
  pool: Pool,
  driver: UseDriver | undefined,
  types: TypeOracle | undefined,
  lazy: (node: TSESTree.Node) => boolean,
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

/** The uses of a binding's pool, and what its pools share; undefined when the binding is no pool of this rule. */
interface BindingUses {
  uses: PoolUse[];
  /** The calls that are uses: their callbacks run after them. */
  calls: Set<TSESTree.Node>;
  driver: UseDriver | undefined;
  reopens: TSESTree.CallExpression[];
}

function bindingUses(
  binding: PoolBinding,
  driver: UseDriver | undefined,
  vocabulary: UseVocabulary,
  settings: Settings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): BindingUses | undefined {
  // A cursor or a stream closed by itself is the first rule's; a runtime's cancellation idiom is no bug.
  if (driver?.cancellation === true || holdsLazyValue(binding, settings, sourceCode)) return undefined;
  const uses = usesOf(binding, vocabulary, sourceCode);
  if (uses.length === 0) return undefined;
  return { uses, calls: new Set(uses.flatMap((use) => (use.call ? [use.call] : []))), driver, reopens: reopenCalls(binding) };
}

/**
 * The uses a pool record can judge: those inside the function that holds its scope (elsewhere the timing is
 * unknown), found by a binary search of the uses in source order; a scoped factory's, also in its caller. A
 * module's client closed in n functions is n records: each looks at its own function's uses, not at all n.
 */
function usesWithin(uses: readonly PoolUse[], pool: Pool): readonly PoolUse[] {
  if (pool.kind === 'factory' || pool.fn.type === AST_NODE_TYPES.Program) return uses;
  const [start, end] = pool.fn.range;
  let low = 0;
  let high = uses.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((uses[middle]?.node.range[0] ?? Infinity) < start) low = middle + 1;
    else high = middle;
  }
  let stop = low;
  while (stop < uses.length && (uses[stop]?.node.range[0] ?? Infinity) < end) stop++;
  return uses.slice(low, stop);
}

/** This rule's own settings: the `ignoreMethods` option. */
export interface UseSettings {
  ignoreMethods: ReadonlySet<string>;
}

/** The findings of `no-pool-used-after-close` for the file's pools, one per use, in source order. */
export function findPoolUses(
  pools: readonly Pool[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  useSettings: UseSettings,
  types: TypeOracle | undefined,
): PoolUseFinding[] {
  const vocabulary: UseVocabulary = { disposeMethods: settings.disposeMethods, ignoreMethods: useSettings.ignoreMethods };
  const found = new Map<TSESTree.Node, PoolUseFinding>();
  // What the pools of a binding share, found once per binding and only for bindings with a pool this rule judges.
  const drivers = new Map<PoolBinding, UseDriver | undefined>();
  const driverOf = (binding: PoolBinding): UseDriver | undefined =>
    drivers.has(binding) ? drivers.get(binding) : cachedIn(drivers, binding, () => (binding.defs.length > 0 ? useDriverOf(binding, sourceCode, settings.closes) : undefined));
  const byBinding = new Map<PoolBinding, BindingUses | undefined>();
  for (const pool of pools) {
    // An explicit close counts only where the driver says what it closes: most closes are of other objects.
    if (pool.kind === 'close' && !driverOf(pool.variable)) continue;
    let known = byBinding.get(pool.variable);
    if (!byBinding.has(pool.variable)) {
      known = bindingUses(pool.variable, driverOf(pool.variable), vocabulary, settings, sourceCode);
      byBinding.set(pool.variable, known);
    }
    if (!known) continue;
    const view = viewOf(pool, sourceCode);
    if (!view) continue;
    for (const use of usesWithin(known.uses, view)) {
      if (found.has(use.node) || isExcludedUse(use, view.fn)) continue;
      // Iterating a directory or a readline interface after its close is the first rule's (the pool is its lazy value).
      if (!use.call && iteratesOwnItems(view, sourceCode)) continue;
      const holderView = viewFor(view, use.holder, sourceCode);
      if (!holderView) continue;
      const timing = useTiming(use, holderView, known.calls, sourceCode);
      const base = { use, pool: holderView, driver: known.driver };
      if (timing.kind === 'after') {
        // A new pool in the binding is no new life for an alias or a handle of the old one.
        if (!view.close && !use.holder.made && recreatedBefore(use, view, known.reopens)) continue;
        found.set(use.node, { kind: 'usedAfterClose', ...base, somePaths: timing.somePaths });
      } else if (timing.kind === 'later') {
        const line = sourceCode.getLocFromIndex(timing.offset).line;
        found.set(use.node, { kind: 'usedLater', ...base, callback: `${timing.callback}, handed over at line ${String(line)}` });
      } else if (timing.kind === 'inScope') {
        const left = notAwaited(use, holderView, known.driver, types, (node) => isLazyByName(node, settings, sourceCode));
        if (left) found.set(use.node, { kind: 'notAwaited', ...base, ...left });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.use.node.range[0] - b.use.node.range[0]);
}
