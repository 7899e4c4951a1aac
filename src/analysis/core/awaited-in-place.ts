/**
 * Whether a promise is awaited where it is made: `await p`, an element of
 * `await Promise.all([p, …])`, the head of an awaited `.then(…)` chain, or
 * returned by the callback of a `map` whose promises an awaited combinator
 * takes (`await Promise.all(items.map((item) => p))`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, methodCall, outerValueNode } from './ast.js';

const PROMISE_COMBINATORS = new Set(['Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any']);
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** `combinator(value)`'s call when `value` is the first argument of `Promise.all(…)` and the like. */
function combinatorTaking(value: TSESTree.Node): TSESTree.CallExpression | undefined {
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== value) return undefined;
  const path = calleePath(call.callee);
  return path !== undefined && PROMISE_COMBINATORS.has(path) ? call : undefined;
}

/** The function expression that returns `node`: `() => node`, or `function () { return node; }` at its top level. */
export function returningCallback(node: TSESTree.Node): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  const value = outerValueNode(node);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression) return parent.body === value ? parent : undefined;
  if (parent?.type !== AST_NODE_TYPES.ReturnStatement || parent.parent.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const fn = parent.parent.parent;
  return fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression ? fn : undefined;
}

/** For a promise returned by a `map` callback: the `map` call, when an awaited combinator takes its result. */
function mappedInto(value: TSESTree.Node): TSESTree.CallExpression | undefined {
  const callback = returningCallback(value);
  const map = callback && outerValueNode(callback).parent;
  if (map?.type !== AST_NODE_TYPES.CallExpression || map.arguments[0] !== outerValueNode(callback as TSESTree.Node)) return undefined;
  if (methodCall(map)?.name !== 'map') return undefined;
  return combinatorTaking(outerValueNode(map));
}

/** Whether a promise-valued expression is awaited where it is made (see the module's comment). */
export function isAwaitedExpression(node: TSESTree.Node): boolean {
  let value = outerValueNode(node);
  for (;;) {
    const parent = value.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.AwaitExpression) return true;
    if (parent.type === AST_NODE_TYPES.ArrayExpression) {
      const combinator = combinatorTaking(outerValueNode(parent));
      if (!combinator) return false;
      value = outerValueNode(combinator);
      continue;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === value) {
      const call = outerValueNode(parent).parent;
      const method = call?.type === AST_NODE_TYPES.CallExpression ? methodCall(call) : undefined;
      if (!call || !method || !PROMISE_METHODS.has(method.name)) return false;
      value = outerValueNode(call);
      continue;
    }
    const combinator = mappedInto(value);
    if (!combinator) return false;
    value = outerValueNode(combinator);
  }
}
