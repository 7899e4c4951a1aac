/**
 * Promise chains (rule 17): a `.then` callback's parameter is the previous
 * step's result, awaited. The questions the value flow asks of a chain: which
 * step a callback's return value resolves, what a call on a promise of the
 * value does with it, and whether the value is a thenable that the chain
 * awaits (an ORM's query) rather than handing it over as it is (a cursor).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, innerValueNode, isFunction, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import type { Step } from '../core/deep-recursion.js';
import type { TypeOracle } from '../core/types.js';
import type { Pool } from '../pools/pools.js';
import type { FlowContext } from './flow-events.js';
import type { Collector } from './source-search.js';

/** `p.then(cb)`: the `.then` call whose promise `cb`'s return value resolves (only the first argument: the success path). */
export function thenStepOf(fn: FunctionNode): TSESTree.CallExpression | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.generator) return undefined;
  const value = outerValueNode(fn);
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== value) return undefined;
  return methodCall(call)?.name === 'then' ? call : undefined;
}

/** What a use of a promise of the value does with the value. */
export type PromiseUse =
  /** `p.then((x) => …)`: `x` holds the value. */
  | { kind: 'param'; fn: FunctionNode; param: TSESTree.Identifier }
  /** `p.finally(f)`, `p.catch(f)`: a promise of the same value; `step` is the callback, run before it settles. */
  | { kind: 'passed'; call: TSESTree.CallExpression; method: 'finally' | 'catch'; step: TSESTree.Node | undefined }
  /** `await p`: the value itself. */
  | { kind: 'awaited'; node: TSESTree.AwaitExpression }
  | { kind: 'none' };

/** What the use of a promise of the value at `value` does with it (`value` is the promise's outer node). */
export function promiseUseOf(value: TSESTree.Node): PromiseUse {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) return { kind: 'awaited', node: parent };
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== value) return { kind: 'none' };
  const callee = outerValueNode(parent);
  const call = callee.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) return { kind: 'none' };
  const method = methodCall(call)?.name;
  const [first] = call.arguments;
  if (method === 'finally' || method === 'catch') return { kind: 'passed', call, method, step: first };
  if (method !== 'then' || !first || !isFunction(first)) return { kind: 'none' };
  const [param] = first.params;
  return param?.type === AST_NODE_TYPES.Identifier ? { kind: 'param', fn: first, param } : { kind: 'none' };
}

/**
 * A query by a cursor-or-query name that is not MongoDB's cursor (rule 6): an
 * ORM's query, a thenable that a chain awaits (`.then(() => repo.find())`
 * resolves to rows).
 */
export function isThenableQuery(node: TSESTree.Node, collector: Collector): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || collector.driverCursors.has(node)) return false;
  const name = methodCall(node)?.name;
  const { settings } = collector;
  return name !== undefined && settings.cursorOrQueryMethods.has(name) && !settings.alwaysLazyMethods.has(name);
}

/** `Promise.resolve(it)`: a promise of the value. */
export function resolvedPromiseOf(value: TSESTree.Node): TSESTree.CallExpression | undefined {
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== value || call.arguments.length !== 1) return undefined;
  return calleePath(call.callee) === 'Promise.resolve' ? call : undefined;
}

/** The binding a `.then` callback's parameter declares. */
export function paramVariable(
  fn: FunctionNode,
  param: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable | undefined {
  return sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === param.name);
}

/**
 * Whether the value at `node` is a thenable that a chain awaits (the step
 * resolves to what it resolves to): by type where known, else `thenableSource`
 * (an ORM's query by name), when the value is still the source as made.
 */
export function isAwaitedByChain(
  node: TSESTree.Node,
  thenableSource: boolean,
  unchanged: boolean,
  types: TypeOracle | undefined,
): boolean {
  const inner = innerValueNode(node);
  if (types && inner.type === AST_NODE_TYPES.CallExpression && !types.isLooselyTyped(inner)) return types.returnsThenable(inner);
  return thenableSource && unchanged;
}

/** The value flow's own steps, which a promise of the value goes on with. */
export interface PromiseFlow<W> {
  follow(node: TSESTree.Node, context: FlowContext, walker: W): Step<void>;
  followBinding(
    variable: TSESLint.Scope.Variable,
    write: TSESTree.Node,
    initializer: TSESTree.Node,
    context: FlowContext,
    walker: W,
    parameter?: boolean,
  ): Step<void>;
  onReturn(returned: TSESTree.Node, context: FlowContext, walker: W): Step<void>;
  resolve(identifier: TSESTree.Identifier, walker: W): TSESLint.Scope.Variable | undefined;
}

/**
 * A promise of the value: followed into bindings, returns, `await`, the
 * parameter of a `.then` callback, and on through `.finally`/`.catch`.
 * Anything else done with the promise is not a use of the value.
 */
export function* followPromise<W extends { pool: Pool; sourceCode: Readonly<TSESLint.SourceCode> }>(
  value: TSESTree.Node,
  parent: TSESTree.Node,
  context: FlowContext,
  walker: W,
  flow: PromiseFlow<W>,
): Step<void> {
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) return;
      for (const variable of walker.sourceCode.getDeclaredVariables(parent)) yield flow.followBinding(variable, parent, value, context, walker);
      return;
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== value || parent.left.type !== AST_NODE_TYPES.Identifier) return;
      const variable = flow.resolve(parent.left, walker);
      if (variable) yield flow.followBinding(variable, parent, value, context, walker);
      yield flow.follow(parent, context, walker);
      return;
    }
    case AST_NODE_TYPES.ReturnStatement:
      yield flow.onReturn(value, context, walker);
      return;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      if (parent.body === value) yield flow.onReturn(value, context, walker);
      return;
    default:
      break;
  }
  const use = promiseUseOf(value);
  if (use.kind === 'awaited') {
    yield flow.follow(use.node, { ...context, promised: false }, walker);
  } else if (use.kind === 'passed') {
    // `.finally(() => client.close())`: the promise settles once that step has closed the pool.
    const closes = use.method === 'finally' && use.step !== undefined && use.step === walker.pool.fn;
    yield flow.follow(use.call, closes ? { ...context, closedChain: true } : context, walker);
  } else if (use.kind === 'param') {
    const variable = paramVariable(use.fn, use.param, walker.sourceCode);
    if (variable) yield flow.followBinding(variable, use.param, use.param, { ...context, promised: false }, walker, true);
  }
}
