/**
 * What is a use of a pool, for `no-pool-used-after-close`: a method call on
 * the pool, or on a handle a handle factory made from it (`db.prepare(sql)`,
 * `client.db(name).collection(c)`, `conn.createChannel()`); a call of the pool
 * itself (knex's `db('t')`); a `for…of` over the pool; passing the pool to a
 * function of the file that makes one of these uses with it (one level).
 * Aliases (`const d = db`, `alias = db`) hold the pool as its binding does.
 *
 * Not uses: listener bookkeeping, state reads, another dispose call, a
 * reopening call, the `ignoreMethods` option's names, and any use inside an
 * assertion of failure (`expect(() => db.exec(sql)).toThrow()`) or in a
 * listener of an end event (`db.on('close', …)`).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, innerValueNode, isFunction, memberName, outerValueNode, type FunctionNode } from '../core/ast.js';
import { isRejectionAsserted } from '../core/failure-assertions.js';
import { functionOfBinding } from '../core/function-calls.js';
import type { PoolBinding, PoolReference } from '../pools/pool-bindings.js';

/** Calls that hand out a handle bound to the pool: a statement, a collection, a model, a channel, a sublevel. */
export const HANDLE_FACTORIES: ReadonlySet<string> = new Set([
  'prepare',
  'db',
  'collection',
  'model',
  'table',
  'sublevel',
  'createChannel',
  'createConfirmChannel',
  'getRepository',
  'getCollection',
  'bucket',
  'scope',
]);

/** Listener bookkeeping and state reads: asking these of a closed pool is fine. */
const NOT_USES: ReadonlySet<string> = new Set([
  'on',
  'once',
  'off',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'removeListener',
  'removeAllListeners',
  'listenerCount',
  'listeners',
  'rawListeners',
  'eventNames',
  'setMaxListeners',
  'getMaxListeners',
  'emit',
  'addEventListener',
  'removeEventListener',
  'isConnected',
  'isOpen',
  'isClosed',
  'isReady',
  'stats',
  'toString',
  'valueOf',
  'toJSON',
  'hasOwnProperty',
]);

/** Calls that open a closed pool again (rule 9): a new life, no use of the old one. */
export const REOPEN_METHODS: ReadonlySet<string> = new Set(['connect', 'open', 'openUri', 'reconnect', 'setClient']);

/** Methods that run their callback before they return: sqlite3's `serialize`, a transaction. */
export const IN_PLACE_METHODS: ReadonlySet<string> = new Set(['serialize', 'parallelize', 'transaction']);

/** End events: a use in their listener runs as the pool (or the emitter) ends, where the close belongs. */
const END_EVENTS: ReadonlySet<string> = new Set(['end', 'close', 'finish', 'done']);

export interface PoolUse {
  /** What is reported: the call, the `for…of`'s iterated expression, the helper's call. */
  node: TSESTree.Node;
  /** The call that makes the use, when it is one: `pool.exec(…)`, `db(…)`, `helper(pool)`. */
  call: TSESTree.CallExpression | undefined;
  /** The binding the use goes through: the pool's, an alias's, or a handle's. */
  holder: Holder;
  /** For a call of a helper of the file given the pool: the helper, and its uses of its parameter. */
  helper?: { fn: FunctionNode; uses: PoolUse[] };
}

export interface Holder {
  binding: PoolBinding;
  /** Where a handle (or an alias) was made: only code paths from there can use it. Undefined for the pool. */
  made: TSESTree.Node | undefined;
  /** A handle made by a factory (a statement, a collection): not the pool itself. */
  handle: boolean;
}

/** Names that are no use of the pool. */
export interface UseVocabulary {
  disposeMethods: ReadonlySet<string>;
  ignoreMethods: ReadonlySet<string>;
  /** The driver's only methods that fail after the close, when it says so (readline's `question`). */
  onlyUses?: ReadonlySet<string>;
}

/** A predicate's name, `isHealthy`, `isAlive`: asked of a closed pool, it answers (oracledb's `isHealthy()` says false). */
const PREDICATE = /^is[A-Z]/;

function isNotUse(name: string, vocabulary: UseVocabulary): boolean {
  if (vocabulary.onlyUses && !vocabulary.onlyUses.has(name)) return true;
  return NOT_USES.has(name) || PREDICATE.test(name) || REOPEN_METHODS.has(name) || vocabulary.disposeMethods.has(name) || vocabulary.ignoreMethods.has(name);
}

/** The call whose callee is `member`, when `member.x(…)` is called. */
function callOf(member: TSESTree.Node): TSESTree.CallExpression | undefined {
  const value = outerValueNode(member);
  const call = value.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === value ? call : undefined;
}

/** `client.db('app').collection('users')`: the last handle factory call of a chain that starts at `call`. */
function factoryChainEnd(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const member = outerValueNode(current).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outerValueNode(current)) return current;
    const next = callOf(member);
    if (!next || !HANDLE_FACTORIES.has(memberName(member) ?? '')) return current;
    current = next;
  }
}

/** The binding a value is given to: `const h = [await] value`, `h = [await] value`. */
function boundTo(value: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | undefined {
  let outer = outerValueNode(value);
  if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outerValueNode(outer.parent);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer && parent.id.type === AST_NODE_TYPES.Identifier) {
    return sourceCode.getDeclaredVariables(parent).find((variable) => variable.name === (parent.id as TSESTree.Identifier).name);
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === outer && parent.operator === '=' && parent.left.type === AST_NODE_TYPES.Identifier) {
    const left = parent.left;
    return sourceCode.getScope(left).references.find((reference) => reference.identifier === left)?.resolved ?? undefined;
  }
  return undefined;
}

/** The pool, an alias or a handle returned from the function that holds it: `return alias.prepare(sql)`. */
export interface Returned {
  /** The expression returned. */
  node: TSESTree.Node;
  /** A handle made by a factory, not the pool itself. */
  handle: boolean;
}

/** What a reference to a holder does there: a use, a new holder (handle or alias), a return, or nothing. */
type Step = { use: PoolUse } | { holder: Holder } | { returned: Returned } | undefined;

/** Whether `value` is what its function returns: `return value`, `return await value`, `() => value`. */
function isReturned(value: TSESTree.Node): boolean {
  let outer = outerValueNode(value);
  if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression) outer = outerValueNode(outer.parent);
  const parent = outer.parent;
  return (
    (parent?.type === AST_NODE_TYPES.ReturnStatement && parent.argument === outer) ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer)
  );
}

function stepAt(
  reference: PoolReference,
  holder: Holder,
  vocabulary: UseVocabulary,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth: number,
): Step[] {
  const value = outerValueNode(reference.identifier);
  const parent = value.parent;
  if (!parent) return [];
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === value) {
    const name = memberName(parent);
    const call = callOf(parent);
    if (name === undefined || !call || isNotUse(name, vocabulary)) return [];
    const steps: Step[] = [{ use: { node: call, call, holder } }];
    if (!HANDLE_FACTORIES.has(name)) return steps;
    const end = factoryChainEnd(call);
    const bound = boundTo(end, sourceCode);
    if (bound) steps.push({ holder: { binding: bound, made: call, handle: true } });
    else if (isReturned(end)) steps.push({ returned: { node: end, handle: true } });
    return steps;
  }
  // knex's `db('events')`: a call of the pool itself.
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === value) return [{ use: { node: parent, call: parent, holder } }];
  if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.right === value) return [{ use: { node: value, call: undefined, holder } }];
  if (parent.type === AST_NODE_TYPES.CallExpression && depth === 0) {
    const helper = helperUse(parent, value, vocabulary, sourceCode);
    return helper ? [{ use: { node: parent, call: parent, holder, helper } }] : [];
  }
  const alias = boundTo(value, sourceCode);
  if (alias) return [{ holder: { binding: alias, made: value, handle: holder.handle } }];
  return isReturned(value) ? [{ returned: { node: value, handle: holder.handle } }] : [];
}

/** Rule 16, one level: a function of the file given the pool, that uses its parameter; its uses. */
function helperUse(
  call: TSESTree.CallExpression,
  argument: TSESTree.Node,
  vocabulary: UseVocabulary,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { fn: FunctionNode; uses: PoolUse[] } | undefined {
  const callee = innerValueNode(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = sourceCode.getScope(callee).references.find((reference) => reference.identifier === callee)?.resolved;
  const helper = variable ? functionOfBinding(variable) : undefined;
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  const parameter = helper?.params[index];
  if (!helper || parameter?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const declared = sourceCode.getDeclaredVariables(helper).find((candidate) => candidate.name === parameter.name);
  if (!declared) return undefined;
  const inner: Holder = { binding: declared, made: undefined, handle: false };
  const uses = declared.references.flatMap((reference) =>
    stepAt(reference, inner, vocabulary, sourceCode, 1).flatMap((step) => (step !== undefined && 'use' in step ? [step.use] : [])),
  );
  return uses.length > 0 ? { fn: helper, uses } : undefined;
}

/**
 * Every use of the pool held by `binding`, through its aliases and handles, in source order. With `returns`,
 * also where the pool, an alias or a handle is returned from its function, pushed there.
 */
export function usesOf(
  binding: PoolBinding,
  vocabulary: UseVocabulary,
  sourceCode: Readonly<TSESLint.SourceCode>,
  returns?: Returned[],
): PoolUse[] {
  return usesFrom({ binding, made: undefined, handle: false }, vocabulary, sourceCode, returns);
}

function usesFrom(start: Holder, vocabulary: UseVocabulary, sourceCode: Readonly<TSESLint.SourceCode>, returns?: Returned[]): PoolUse[] {
  const uses: PoolUse[] = [];
  const pending: Holder[] = [start];
  const seen = new Set<PoolBinding>([start.binding]);
  for (let holder = pending.pop(); holder; holder = pending.pop()) {
    for (const reference of holder.binding.references) {
      if (!reference.isRead()) continue;
      for (const step of stepAt(reference, holder, vocabulary, sourceCode, 0)) {
        if (!step) continue;
        if ('use' in step) uses.push(step.use);
        else if ('returned' in step) returns?.push(step.returned);
        else if (!seen.has(step.holder.binding) && seen.size < 64) {
          seen.add(step.holder.binding);
          pending.push(step.holder);
        }
      }
    }
  }
  return uses.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * The uses, in its caller, of what a call of a function of the file returns (the pool or an alias of it, or a
 * `handle`): through the binding the caller gives it (`const stmt = prepareCount(p)`, `await` included) and
 * its aliases, or in place (`prepareCount(p).get()`). An async function's result counts only awaited. `pool`:
 * the binding a result used in place is taken for.
 */
export function usesOfResult(
  call: TSESTree.CallExpression,
  async: boolean,
  handle: boolean,
  pool: PoolBinding,
  vocabulary: UseVocabulary,
  sourceCode: Readonly<TSESLint.SourceCode>,
): PoolUse[] {
  const outer = outerValueNode(call);
  const awaited = outer.parent?.type === AST_NODE_TYPES.AwaitExpression ? outer.parent : undefined;
  if (async && !awaited) return [];
  const bound = boundTo(call, sourceCode);
  if (bound) return usesFrom({ binding: bound, made: call, handle }, vocabulary, sourceCode);
  const result: PoolReference = { identifier: awaited ?? call, isRead: () => true, isWrite: () => false };
  return stepAt(result, { binding: pool, made: call, handle }, vocabulary, sourceCode, 0).flatMap((step) =>
    step !== undefined && 'use' in step ? [step.use] : [],
  );
}

/** `expect(…)` and chai's `expect(…)`/`assert`: the matcher names that assert a failure. */
const THROWING_MATCHERS = new Set(['toThrow', 'toThrowError', 'toThrowErrorMatchingSnapshot', 'toThrowErrorMatchingInlineSnapshot', 'throw', 'throws']);
const REJECTING_MATCHERS = new Set(['rejects', 'rejected', 'rejectedWith', 'eventually']);
const THROWS_CALLS = new Set(['throws', 'throwsAsync']);
const REJECTS_CALLS = new Set(['rejects', 'isRejected']);

/** The names of the member chain that follows `expect(…)`: `expect(f).not.toThrow()` → not, toThrow. */
function chainAfter(call: TSESTree.CallExpression): Set<string> {
  const names = new Set<string>();
  let current: TSESTree.Node = outerValueNode(call);
  while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) {
    const name = memberName(current.parent);
    if (name !== undefined) names.add(name);
    current = outerValueNode(current.parent);
    if (current.parent?.type === AST_NODE_TYPES.CallExpression && current.parent.callee === current) current = outerValueNode(current.parent);
  }
  return names;
}

/** Whether `argument`, given to `call`, is run by an assertion that it fails: a test of the after-close behaviour. */
function isFailureAssertion(call: TSESTree.CallExpression, argument: TSESTree.Node): boolean {
  const path = calleePath(call.callee);
  if (path === undefined) return false;
  const last = path.slice(path.lastIndexOf('.') + 1);
  const isFn = isFunction(argument);
  if (path === 'expect' || path.startsWith('expect.')) {
    const chain = chainAfter(call);
    if (chain.has('not')) return false;
    return [...chain].some((name) => REJECTING_MATCHERS.has(name) || (isFn && THROWING_MATCHERS.has(name)));
  }
  if (last === 'doesNotThrow' || last === 'doesNotReject') return false;
  return (isFn && THROWS_CALLS.has(last)) || REJECTS_CALLS.has(last);
}

/** `db.on('close', () => …)`: a listener of an end event. */
function isEndListener(fn: FunctionNode): boolean {
  const value = outerValueNode(fn);
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === value) return false;
  const callee = innerValueNode(call.callee);
  const [event] = call.arguments;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    ['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener'].includes(memberName(callee) ?? '') &&
    event?.type === AST_NODE_TYPES.Literal &&
    typeof event.value === 'string' &&
    END_EVENTS.has(event.value)
  );
}

/**
 * Whether the use runs where it cannot hurt: in an assertion of failure (also a rejection handler that asserts on the
 * error, `sub.put(k, v).catch((err) => t.is(err.code, 'LEVEL_DATABASE_NOT_OPEN'))`), or in an end event's listener.
 */
export function isExcludedUse(use: PoolUse, stop: TSESTree.Node): boolean {
  if (isRejectionAsserted(use.node)) return true;
  for (let current: TSESTree.Node = use.node; current.parent && current !== stop; current = current.parent) {
    const parent = current.parent;
    if (isFunction(current) && isEndListener(current)) return true;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== current && isFailureAssertion(parent, current)) return true;
  }
  return false;
}
