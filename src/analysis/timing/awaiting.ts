/**
 * "Not awaited": an async consumer (an async function of this file, an async
 * IIFE, `Array.fromAsync`, `pipeline` of `stream/promises`, a cursor's
 * `toArray()`/`forEach()`, pg-cursor's `read(n)`) whose promise
 * is not awaited before the pool's disposal point.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, enclosingFunction, isFunction, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import { isAwaitedExpression, returningCallback } from '../core/awaited-in-place.js';
import { functionOfBinding } from '../core/function-calls.js';
import { isPromiseApi } from '../core/imports.js';
import type { Pool } from '../pools/pools.js';
import type { TypeOracle } from '../core/types.js';

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
/** Methods of async iterators and cursors that consume and return a promise (`toArray()`, `forEach()`). */
const ASYNC_CURSOR_METHODS = new Set(['toArray', 'forEach']);

function isAsyncFunctionCall(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const reference = sourceCode.getScope(callee).references.find((candidate) => candidate.identifier === callee);
  const variable = reference?.resolved;
  return variable ? (functionOfBinding(variable)?.async ?? false) : false;
}

/**
 * The call whose promise must settle before the disposal point for the
 * consumption at `node` to be over: undefined for a synchronous consumption.
 */
export function asyncConsumerOf(
  node: TSESTree.Node,
  pool: Pool,
  asyncSource: boolean,
  sourceCode: Readonly<TSESLint.SourceCode>,
  types: TypeOracle | undefined,
  promiseReads = false,
): TSESTree.CallExpression | undefined {
  // An async IIFE around the consumption, called in place.
  for (let current = node.parent; current && current !== pool.fn; current = current.parent) {
    if (!isFunction(current) || !current.async) continue;
    const call = outerValueNode(current).parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === outerValueNode(current)) return call;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (calleePath(node.callee) === 'Array.fromAsync') return node;
  // `pipeline(it, res)` of `stream/promises` settles when the reading is done (the callback form: started-consumptions.ts).
  if (isPromiseApi(node.callee, 'pipeline', 'stream', sourceCode)) return node;
  if (isAsyncFunctionCall(node, sourceCode)) return node;
  const method = methodCall(node);
  if (asyncSource && method && ASYNC_CURSOR_METHODS.has(method.name)) return node;
  // pg-cursor's `cursor.read(n)` returns a promise; `read(n, cb)` starts reading instead (started-consumptions.ts).
  if (promiseReads && method?.name === 'read' && node.arguments.length < 2) return node;
  // Typed: any consuming call that returns a thenable, wherever it is declared.
  return types?.returnsThenable(node) ? node : undefined;
}

/** `const p = drain(it)` / `p = drain(it)`: is `p` awaited inside the disposal scope? */
function isBindingAwaitedInScope(variable: TSESLint.Scope.Variable | null | undefined, pool: Pool): boolean {
  if (!variable) return true;
  return variable.references.some(
    (reference) =>
      reference.isRead() &&
      reference.identifier.range[0] < pool.scopeEnd &&
      isAwaitedByFunction(reference.identifier, pool.fn),
  );
}

/**
 * Awaited by `fn` itself, not by a function that may run after it (an
 * exported `main`); or returned by a callback that `fn` gives to a call it
 * awaits (`await assertRejects(() => p)`, `await retry(() => p)`): the
 * awaited call waits for what its callback returns.
 */
function isAwaitedByFunction(node: TSESTree.Node, fn: FunctionNode | TSESTree.Program): boolean {
  if (enclosingFunction(node) === fn) return isAwaitedExpression(node);
  const callback = returningCallback(node);
  const call = callback?.parent;
  return (
    call?.type === AST_NODE_TYPES.CallExpression &&
    call.arguments.some((argument) => argument === callback) &&
    enclosingFunction(call) === fn &&
    isAwaitedExpression(call)
  );
}

/**
 * Whether the promise of `call` settles before the disposal point. Silent
 * (true) wherever the promise goes somewhere the rule cannot follow.
 */
export function isSettledBeforeDisposal(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  pool: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  if (isAwaitedExpression(call)) return true;
  const value = outerValueNode(call);
  const parent = value.parent;
  if (!parent) return true;
  switch (parent.type) {
    case AST_NODE_TYPES.ExpressionStatement:
      return false;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator !== 'void';
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrowFunctionExpression:
      // A scoped factory awaits the callback's promise; `using` and `finally` dispose before it settles.
      return pool.awaitsReturnedPromise || enclosingFunction(value) !== pool.fn;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier
        ? isBindingAwaitedInScope(sourceCode.getDeclaredVariables(parent)[0], pool)
        : true;
    case AST_NODE_TYPES.AssignmentExpression: {
      const target = parent.left;
      if (parent.right !== value || target.type !== AST_NODE_TYPES.Identifier) return true;
      const reference = sourceCode.getScope(parent).references.find((candidate) => candidate.identifier === target);
      return isBindingAwaitedInScope(reference?.resolved, pool);
    }
    case AST_NODE_TYPES.MemberExpression: {
      // `.then(…)` chains not awaited.
      const next = outerValueNode(parent).parent;
      const method = next?.type === AST_NODE_TYPES.CallExpression ? methodCall(next) : undefined;
      return !(method && PROMISE_METHODS.has(method.name));
    }
    default:
      return true;
  }
}
