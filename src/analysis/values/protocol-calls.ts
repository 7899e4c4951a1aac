/**
 * Lazy values made by protocol calls and descriptors (rule 4): an explicit
 * `[Symbol.asyncIterator]()` / `[Symbol.iterator]()` call on a pool, on a
 * value reached from it or on a lazy value; a file handle's
 * `readableWebStream()`; and a stream opened on the pool's descriptor,
 * `createReadStream(path, { fd: handle })` or `{ fd: handle.fd }`, the
 * callee bare or a member (`fs.createReadStream`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, outerValueNode, staticPropertyName } from '../core/ast.js';

/** Calls that hand out an iterator or a stream of their receiver, whatever the options say. */
export const PROTOCOL_METHODS: ReadonlySet<string> = new Set(['[Symbol.asyncIterator]', '[Symbol.iterator]', 'readableWebStream']);

/** The iterator protocol's own methods: over an eager collection (a `Map`, an array), their iterator needs no pool. */
export const ITERATOR_PROTOCOL_METHODS: ReadonlySet<string> = new Set(['[Symbol.asyncIterator]', '[Symbol.iterator]']);

/** Protocol calls whose iterator is synchronous. */
export const SYNC_PROTOCOL_METHODS: ReadonlySet<string> = new Set(['[Symbol.iterator]']);

/** Functions that open a stream on a descriptor given as the `fd` option. */
const DESCRIPTOR_STREAM_FUNCTIONS = new Set(['createReadStream']);

/** `createReadStream(…)`, `fs.createReadStream(…)`: a call of a descriptor-stream function, bare or as a member. */
export function isDescriptorStreamCall(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(node.callee);
  return name !== undefined && DESCRIPTOR_STREAM_FUNCTIONS.has(name);
}

/**
 * For `value` the value of an `fd` property in an options object given to a
 * descriptor-stream function (`createReadStream(path, { fd: handle })`): the
 * call, whose stream reads the pool's descriptor.
 */
export function descriptorStreamAt(value: TSESTree.Node): TSESTree.CallExpression | undefined {
  const held = outerValueNode(value);
  const property = held.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== held || property.kind !== 'init') return undefined;
  if (staticPropertyName(property.key, property.computed) !== 'fd') return undefined;
  const options = outerValueNode(property.parent);
  const call = options.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !isDescriptorStreamCall(call)) return undefined;
  return call.arguments.includes(options as TSESTree.CallExpressionArgument) ? call : undefined;
}
