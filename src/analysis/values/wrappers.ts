/**
 * Wrappers carry the laziness: a value built around a lazy iterator reads it
 * later, when it is itself read (`new Response(file.readable)`,
 * `Readable.from(it)`, `stream.getReader()`). The wrapper is a lazy value of
 * the same pool. With type information, any call or `new` given a lazy value
 * whose result type is lazy is a wrapper.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, methodCall, outerValueNode } from '../core/ast.js';
import type { TypeOracle } from '../core/types.js';

/** `Readable.from(lazy)`, `stream.Readable.from(lazy)`: the callee's last two names. */
const WRAPPING_FUNCTIONS = new Set([
  'Readable.from',
  'ReadableStream.from',
  'Readable.toWeb',
  'Readable.fromWeb',
  'Duplex.from',
]);

/**
 * Classes built with the lazy value as their first argument: a web `Response`, Next.js's `NextResponse` (one),
 * NestJS's `StreamableFile` (a body the framework pipes to the response after the handler returns).
 */
const WRAPPING_CLASSES = new Set(['Response', 'NextResponse', 'StreamableFile']);

/** Options objects that take the lazy value as one property: `new Request(url, { body })`, `createInterface({ input })`. */
const WRAPPING_OPTIONS: readonly { callee: string; argument: number; key: string; isNew: boolean }[] = [
  { callee: 'Request', argument: 1, key: 'body', isNew: true },
  { callee: 'createInterface', argument: 0, key: 'input', isNew: false },
];

/** Methods of the lazy value that give a view reading it later. */
const WRAPPING_METHODS = new Set(['getReader', 'pipeThrough', 'values']);

function lastNames(path: string | undefined, count: number): string | undefined {
  if (path === undefined) return undefined;
  return path.split('.').slice(-count).join('.');
}

/** `{ input: value }` as the options argument of a wrapping call: the call. */
function optionsWrapper(property: TSESTree.Property, value: TSESTree.Node): TSESTree.Node | undefined {
  if (property.value !== value || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) return undefined;
  const object = property.parent;
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const call = outerValueNode(object).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const name = lastNames(calleePath(call.callee), 1);
  const key = property.key.name;
  const matches = WRAPPING_OPTIONS.some(
    (entry) =>
      entry.callee === name &&
      entry.key === key &&
      entry.isNew === (call.type === AST_NODE_TYPES.NewExpression) &&
      call.arguments[entry.argument] === outerValueNode(object),
  );
  return matches ? call : undefined;
}

/** Wrappers that are not iterables themselves (a `Response`, a `Request`, a reader): no array can stand for them. */
const OPAQUE_WRAPPERS = new Set(['Response', 'NextResponse', 'StreamableFile', 'Request', 'getReader']);

/** The wrapper around the lazy value at `value`, and whether it is opaque (see OPAQUE_WRAPPERS). */
export function wrapperOf(value: TSESTree.Node, types: TypeOracle | undefined): { node: TSESTree.Node; opaque: boolean } | undefined {
  const node = wrappingNode(value, types);
  if (!node) return undefined;
  // A method's own name, whatever its receiver (`fh.readableWebStream().getReader()` has no callee path).
  const method = node.type === AST_NODE_TYPES.CallExpression ? methodCall(node) : undefined;
  const name =
    node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression
      ? (method?.name ?? lastNames(calleePath(node.callee), 1))
      : undefined;
  return { node, opaque: name !== undefined && OPAQUE_WRAPPERS.has(name) };
}

/**
 * The wrapper made around the lazy value at `value` (already its outermost
 * node), if its parent makes one.
 */
function wrappingNode(value: TSESTree.Node, types: TypeOracle | undefined): TSESTree.Node | undefined {
  const parent = value.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.Property:
      return optionsWrapper(parent, value);
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== value) return undefined;
      const call = outerValueNode(parent).parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== outerValueNode(parent)) return undefined;
      const method = methodCall(call);
      return method && WRAPPING_METHODS.has(method.name) ? call : undefined;
    }
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.CallExpression: {
      if (parent.callee === value || !parent.arguments.includes(value as TSESTree.CallExpressionArgument)) return undefined;
      const path = calleePath(parent.callee);
      if (parent.type === AST_NODE_TYPES.NewExpression) {
        if (parent.arguments[0] === value && WRAPPING_CLASSES.has(lastNames(path, 1) ?? '')) return parent;
      } else if (parent.arguments[0] === value && WRAPPING_FUNCTIONS.has(lastNames(path, 2) ?? '')) {
        return parent;
      }
      // Typed: a result that is itself lazy reads the value later. A pipe's destination is written, not wrapped.
      if (!types || (parent.type === AST_NODE_TYPES.CallExpression && methodCall(parent)?.name === 'pipe')) return undefined;
      return types.lazinessOf(parent) === 'lazy' ? parent : undefined;
    }
    default:
      return undefined;
  }
}
