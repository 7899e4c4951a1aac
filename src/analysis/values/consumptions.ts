/**
 * What a use of a lazy value does to it: pull items (a consumption), keep it
 * lazy under a new expression (combinators, cursor builders), or nothing the
 * rule cares about. One parent node is looked at; value flow does the rest.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, enclosingFunction, findInFunctionBody, memberName, methodCall, outerValueNode } from '../core/ast.js';

/** `sync`/`async`: how the consumer iterates, which picks the materializing suggestion. */
export type ConsumptionForm = 'sync' | 'async' | 'unknown';

export type Use =
  | { kind: 'consume'; node: TSESTree.Node; form: ConsumptionForm }
  /** `stream.pipe(dest)`: starts pulling now, and hands on a stream that is still lazy. */
  | { kind: 'consumeAndLazy'; node: TSESTree.Node; form: ConsumptionForm }
  | { kind: 'lazy'; node: TSESTree.Node }
  | { kind: 'none' };

/** Methods that pull items from an iterator, a cursor or a stream. */
const CONSUMING_METHODS = new Set([
  'next',
  'return',
  'throw',
  'toArray',
  'forEach',
  'reduce',
  'some',
  'every',
  'find',
  'read',
  'hasNext',
  'tryNext',
  'explain',
  // Started consumptions (see started-consumptions.ts): they pull on after they return.
  'pipeTo',
  'resume',
  'each',
  // A body read through a wrapper: `await new Response(stream).text()`.
  'text',
  'json',
  'arrayBuffer',
  'blob',
  'bytes',
  'formData',
  // The AWS SDK's body readers.
  'transformToString',
  'transformToByteArray',
]);

/** A response's body (rule 14): the part read through the pool, the same lazy value. */
export const BODY_PROPERTIES: ReadonlySet<string> = new Set(['body', 'Body']);

const STREAM_EVENTS = new Set(['data', 'readable', 'line', 'change', 'result', 'end']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/** MongoDB / SQL cursor builders: they return the same cursor. */
export const CURSOR_BUILDERS: ReadonlySet<string> = new Set([
  'sort',
  'limit',
  'skip',
  'project',
  'batchSize',
  'hint',
  'comment',
  'maxTimeMS',
  'collation',
  'allowDiskUse',
  'addCursorFlag',
  'withReadPreference',
]);

/** Methods whose result is still the lazy iterator (iterator helpers, stream and cursor builders). */
const LAZY_COMBINATORS = new Set([
  'map',
  'filter',
  'take',
  'drop',
  'flatMap',
  'compose',
  // A cursor's Node stream of the same documents.
  'stream',
  ...CURSOR_BUILDERS,
  'setEncoding',
  'asIndexedPairs',
  // The iterator protocol called by hand: the value's own iterator.
  '[Symbol.asyncIterator]',
  '[Symbol.iterator]',
]);

function formOfCall(path: string | undefined): ConsumptionForm {
  if (path === 'Array.fromAsync') return 'async';
  if (path === 'Array.from') return 'sync';
  return 'unknown';
}

/** `value.method(…)`: consumption, combinator, or nothing. */
function memberUse(member: TSESTree.MemberExpression): Use {
  const callee = outerValueNode(member);
  const call = callee.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== callee) {
    // `res.body`, `out.Body`: the response's body is the value read through the pool.
    const name = member.computed ? undefined : memberName(member);
    return name !== undefined && BODY_PROPERTIES.has(name) ? { kind: 'lazy', node: member } : { kind: 'none' };
  }
  const method = methodCall(call);
  if (!method) return { kind: 'none' };
  const name = method.name;
  if (name === 'pipe') return { kind: 'consumeAndLazy', node: call, form: 'unknown' };
  if (LAZY_COMBINATORS.has(name)) return { kind: 'lazy', node: call };
  if (CONSUMING_METHODS.has(name)) return { kind: 'consume', node: call, form: 'unknown' };
  if (LISTENER_METHODS.has(name)) {
    const [event] = call.arguments;
    const isDataEvent = event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && STREAM_EVENTS.has(event.value);
    return isDataEvent ? { kind: 'consume', node: call, form: 'unknown' } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** Whether a generator around `node` is async (for `yield*`). */
function insideAsyncGenerator(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  return fn.type !== AST_NODE_TYPES.Program && fn.async;
}

/**
 * How the parent of `value` (already the outermost node holding the value)
 * uses it, for the uses that do not move it into a binding or a container.
 */
export function useOf(value: TSESTree.Node, lazyFunctions: ReadonlySet<string>): Use {
  const parent = value.parent;
  if (!parent) return { kind: 'none' };
  switch (parent.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === value ? { kind: 'consume', node: value, form: parent.await ? 'async' : 'sync' } : { kind: 'none' };
    case AST_NODE_TYPES.SpreadElement:
      return parent.parent.type === AST_NODE_TYPES.ObjectExpression
        ? { kind: 'none' }
        : { kind: 'consume', node: parent, form: 'sync' };
    case AST_NODE_TYPES.YieldExpression:
      return parent.delegate
        ? { kind: 'consume', node: parent, form: insideAsyncGenerator(parent) ? 'unknown' : 'sync' }
        : { kind: 'none' };
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === value && parent.id.type === AST_NODE_TYPES.ArrayPattern
        ? { kind: 'consume', node: value, form: 'sync' }
        : { kind: 'none' };
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === value && parent.left.type === AST_NODE_TYPES.ArrayPattern
        ? { kind: 'consume', node: value, form: 'sync' }
        : { kind: 'none' };
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === value ? memberUse(parent) : { kind: 'none' };
    case AST_NODE_TYPES.CallExpression: {
      if (parent.callee === value) return { kind: 'none' };
      const path = calleePath(parent.callee);
      if (path !== undefined && lazyFunctions.has(path.slice(path.lastIndexOf('.') + 1))) {
        return { kind: 'lazy', node: parent };
      }
      // Passing it to any other function: the callee may iterate right away.
      return { kind: 'consume', node: parent, form: formOfCall(path) };
    }
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === value ? { kind: 'none' } : { kind: 'consume', node: parent, form: 'unknown' };
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === value
        ? { kind: 'none' }
        : { kind: 'lazy', node: parent };
    case AST_NODE_TYPES.SequenceExpression:
      return parent.expressions.at(-1) === value ? { kind: 'lazy', node: parent } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/** Methods that pull only some items: the iterator stays lazy afterwards. */
const PARTIAL_METHODS = new Set(['next', 'return', 'throw', 'read', 'find', 'some', 'every', 'hasNext', 'tryNext']);

/** Whether a consumption at `node` may leave items unpulled (`it.next()`, `const [first] = it`). */
export function isPartialConsumption(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const method = methodCall(node);
    return method !== undefined && PARTIAL_METHODS.has(method.name);
  }
  const parent = node.parent;
  return (
    (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.ArrayPattern) ||
    (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.ArrayPattern)
  );
}

/** A `break`, `return`, `throw` or `continue` with a label in a loop body: the loop may stop early. */
export function leavesEarly(body: TSESTree.Node): boolean {
  const exit = findInFunctionBody(
    body,
    (node) =>
      node.type === AST_NODE_TYPES.BreakStatement ||
      node.type === AST_NODE_TYPES.ReturnStatement ||
      node.type === AST_NODE_TYPES.ThrowStatement ||
      (node.type === AST_NODE_TYPES.ContinueStatement && node.label !== null),
  );
  return exit !== undefined;
}

/**
 * Whether a consumption at `node` leaves items to pull when it runs: a partial
 * method (`it.next()`), or a destructuring or a loop that may stop early,
 * unless stopping closes the iterator, as it finishes a generator object.
 */
export function leavesItems(node: TSESTree.Node, closedByEarlyExit: boolean): boolean {
  if (node.type === AST_NODE_TYPES.CallExpression) return isPartialConsumption(node);
  if (closedByEarlyExit) return false;
  const parent = node.parent;
  return isPartialConsumption(node) || (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === node && leavesEarly(parent.body));
}

/**
 * Whether the parent of `value` (the outermost node holding it) would take an
 * array in its place and do the same: an iteration form (`for…of`, spread,
 * `yield*`, array destructuring, `Array.from`/`Array.fromAsync`), a test of
 * its truthiness, or a step that hands the value on (`await`, `a ?? b`, a
 * statement of its own). Anything else (a method, a property, an argument of
 * any other function) may need the value as it was.
 */
export function takesArray(value: TSESTree.Node): boolean {
  const parent = value.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === value;
    case AST_NODE_TYPES.SpreadElement:
      return parent.parent.type !== AST_NODE_TYPES.ObjectExpression;
    case AST_NODE_TYPES.YieldExpression:
      return parent.delegate;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === value && parent.id.type === AST_NODE_TYPES.ArrayPattern;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === value && parent.left.type === AST_NODE_TYPES.ArrayPattern;
    case AST_NODE_TYPES.CallExpression: {
      const path = calleePath(parent.callee);
      return parent.arguments[0] === value && (path === 'Array.from' || path === 'Array.fromAsync');
    }
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'void';
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.SequenceExpression:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return true;
    default:
      return false;
  }
}
