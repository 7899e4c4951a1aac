/**
 * What a pool's close does (rule 11), and whether the scope waits for it:
 * the driver's behaviour for the close method the scope calls (or that
 * `using` calls), and whether that close is awaited. Where the driver is not
 * known from the pool, the lazy value's own shape may name it
 * (`conn.query(sql).stream()` is mysql's, `db('t').stream()` knex's).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import { enclosingFunction, innerValueNode, memberName, methodCall, outerValueNode } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { initialValueOf } from '../core/function-calls.js';
import { helperCloseMethod } from './dispose-helpers.js';
import { driverOfBindingType, driverOfVariable, type CloseBehaviour, type Driver } from './drivers.js';
import type { Pool } from './pools.js';
import { closeInExecutor } from './wrapped-closes.js';
import { variableOf } from '../core/variables.js';

export interface CloseKind {
  behaviour: CloseBehaviour;
  /** Every close is awaited in the scope: what follows runs once it is over. */
  awaited: boolean;
  driver: Driver | undefined;
  /** The close method, for messages: `end`, `close`. */
  method: string | undefined;
}

const UNKNOWN: CloseKind = { behaviour: 'abrupt', awaited: false, driver: undefined, method: undefined };

/** Promise methods a close may be chained with: `await d.close().catch(f)` awaits the close. */
const CLOSE_HANDLERS = new Set(['catch', 'finally', 'then']);

/** Whether the scope waits for `call`: it is awaited, itself or through `.catch`/`.finally`/`.then`, and (typed) returns a thenable. */
function isAwaitedClose(call: TSESTree.CallExpression, types: TypeOracle | undefined): boolean {
  // `await new Promise((resolve) => conn.end(resolve))`: the promise settles when the close calls back.
  const executor = enclosingFunction(call);
  const promise = executor.type === AST_NODE_TYPES.Program ? undefined : outerValueNode(executor).parent;
  if (promise?.type === AST_NODE_TYPES.NewExpression && closeInExecutor(promise) === call) {
    return outerValueNode(promise).parent?.type === AST_NODE_TYPES.AwaitExpression;
  }
  let value = outerValueNode(call);
  for (;;) {
    const parent = value.parent;
    if (parent?.type === AST_NODE_TYPES.AwaitExpression) break;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== value || !CLOSE_HANDLERS.has(memberName(parent) ?? '')) {
      return false;
    }
    const handler = outerValueNode(parent).parent;
    if (handler?.type !== AST_NODE_TYPES.CallExpression) return false;
    value = outerValueNode(handler);
  }
  // mysql2's callback API: `await conn.end()` awaits nothing.
  return !types || types.returnsThenable(call) || types.isLooselyTyped(call);
}

/**
 * mysql's callback API: `end()` returns nothing, so `await conn.end()` waits
 * for nothing. Its close is awaited only made a promise: through the promise
 * wrapper (`conn.promise().end()`), in an awaited executor, or by a helper.
 */
function isPromiseClose(call: TSESTree.CallExpression): boolean {
  if (helperCloseMethod(call) !== undefined) return true;
  const receiver = methodCall(call)?.member.object;
  const inner = receiver ? innerValueNode(receiver) : undefined;
  if (inner?.type === AST_NODE_TYPES.CallExpression && methodCall(inner)?.name === 'promise') return true;
  const executor = enclosingFunction(call);
  const promise = executor.type === AST_NODE_TYPES.Program ? undefined : outerValueNode(executor).parent;
  return promise?.type === AST_NODE_TYPES.NewExpression && closeInExecutor(promise) === call;
}

/** One behaviour for several closes: theirs when they agree, else abrupt (the first editions' assumption). */
function agreed(behaviours: readonly CloseBehaviour[]): CloseBehaviour {
  const [first] = behaviours;
  return first !== undefined && behaviours.every((behaviour) => behaviour === first) ? first : 'abrupt';
}

function computeCloseKind(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings, types: TypeOracle | undefined): CloseKind {
  const by = pool.disposedBy;
  if (!by) return UNKNOWN;
  const driver = driverOfVariable(pool.variable, sourceCode, settings.closes) ?? driverOfBindingType(pool.variable, types, settings.closes);
  // A Node stream or socket is no pool: its end() closes its write side only.
  if (!driver || driver.nodeStream) return UNKNOWN;
  if (!Array.isArray(by)) {
    const declaration = by as TSESTree.VariableDeclaration;
    const method = driver.disposes;
    // A driver with no dispose symbol of its own says nothing of what `using` does.
    if (method === undefined) return UNKNOWN;
    return { behaviour: driver.closes[method] ?? 'abrupt', awaited: declaration.kind === 'await using', driver, method };
  }
  return kindOfCalls(by as readonly TSESTree.CallExpression[], driver, types);
}

/** What the dispose calls of a pool of `driver` do, and whether the scope waits for them. */
function kindOfCalls(calls: readonly TSESTree.CallExpression[], driver: Driver, types: TypeOracle | undefined): CloseKind {
  const methods = calls.map((call) => helperCloseMethod(call) ?? methodCall(call)?.name ?? '');
  return {
    behaviour: agreed(methods.map((method) => driver.closes[method] ?? 'abrupt')),
    awaited: calls.every((call) => isAwaitedClose(call, types) && (!driver.queryEmitter || isPromiseClose(call))),
    driver,
    method: methods[0],
  };
}

const kinds = new WeakMap<Pool, CloseKind>();

/** What the pool's close does, from its driver (asked once per pool record). */
export function closeKindOf(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings, types: TypeOracle | undefined): CloseKind {
  return cachedIn(kinds, pool, () => computeCloseKind(pool, sourceCode, settings, types));
}

/** mysql's connection, as its `query(…).stream()` names it where the pool's own driver is not known. */
const MYSQL_BY_SHAPE: Driver = { name: 'mysql', noun: 'connection', closes: { end: 'graceful', destroy: 'abrupt' }, failsOpenValues: true };
/** knex, as a builder's `.stream()` names it: `db('events').where(…).stream()`. */
const KNEX_BY_SHAPE: Driver = { name: 'knex', noun: 'database', closes: { destroy: 'graceful' }, acquiresAsync: true };

/** The call a builder chain starts from: `db('t').where(…).stream()` → `db('t')`. */
function chainStart(node: TSESTree.Node): TSESTree.Node {
  let current = innerValueNode(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = innerValueNode(current.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return current;
      current = innerValueNode(callee.object);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      current = innerValueNode(current.object);
    } else {
      return current;
    }
  }
}

/** `const query = conn.query(sql); query.stream()`: the call a binding holds for its whole life, else the node itself. */
function queryBehind(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return node;
  const variable = variableOf(node, sourceCode);
  const init = variable ? initialValueOf(variable) : undefined;
  return init ? innerValueNode(init) : undefined;
}

/** The driver a lazy value's shape names, when its pool's initialiser does not: only `.stream()` on a query or a builder. */
function driverOfValueShape(made: TSESTree.Node, pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>): Driver | undefined {
  if (made.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const method = methodCall(made);
  if (method?.name !== 'stream') return undefined;
  const receiver = queryBehind(innerValueNode(method.member.object), sourceCode);
  if (receiver?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const start = chainStart(receiver);
  // knex: the chain starts with a call of the pool itself.
  if (start.type === AST_NODE_TYPES.CallExpression) {
    const callee = innerValueNode(start.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === pool.name) return KNEX_BY_SHAPE;
  }
  return methodCall(receiver)?.name === 'query' ? MYSQL_BY_SHAPE : undefined;
}

/** What the pool's close does to the value made at `made`: the pool's driver, else the value's shape. */
export function closeKindFor(
  pool: Pool,
  made: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
): CloseKind {
  const kind = closeKindOf(pool, sourceCode, settings, types);
  if (kind.driver || !pool.disposedBy || !Array.isArray(pool.disposedBy)) return kind;
  const driver = driverOfValueShape(made, pool, sourceCode);
  return driver ? kindOfCalls(pool.disposedBy as readonly TSESTree.CallExpression[], driver, types) : kind;
}
