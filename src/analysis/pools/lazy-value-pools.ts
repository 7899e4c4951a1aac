/**
 * Pools that are themselves lazy values: a binding disposed where the rule
 * sees it, but whose every value is a cursor or a stream made by a lazy call
 * (`const cursor = coll.find().batchSize(10)`, `const s = fh.createReadStream()`,
 * `new Cursor(sql)`). Its close is the closing of the iterator being read
 * (rule 2): the reading it started ends with it, and what reads it after its
 * own close is not this rule's bug. Such a binding is no pool; when it comes
 * from a pool, it is judged as that pool's lazy value. A resource that is
 * iterable but not made by a lazy call (an fs `Dir`, a `FileHandle`) stays a pool.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall } from '../core/ast.js';
import { CURSOR_BUILDERS } from '../values/consumptions.js';
import { takesFunctionFirst } from './eager-results.js';
import type { Settings } from '../core/options.js';
import type { PoolBinding } from './pool-bindings.js';
import { isDescriptorStreamCall, PROTOCOL_METHODS } from '../values/protocol-calls.js';
import { isLazyQueryObject, submitsLazyQuery } from '../values/submitted-queries.js';

/** Whether `node` is, by name, a lazy value made in place: a lazy call (through cursor builders) or a lazy query object. */
export function isLazyByName(node: TSESTree.Node, settings: Settings, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const value = innerValueNode(node);
  // Awaited, a cursor-or-query name resolves to data; an always-lazy one stays lazy.
  if (value.type === AST_NODE_TYPES.AwaitExpression) {
    const awaited = innerValueNode(value.argument);
    const method = awaited.type === AST_NODE_TYPES.CallExpression ? methodCall(awaited) : undefined;
    return method !== undefined && settings.alwaysLazyMethods.has(method.name);
  }
  if (isLazyQueryObject(value, sourceCode) || isDescriptorStreamCall(value)) return true;
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = methodCall(value);
  if (!method) return false;
  if (CURSOR_BUILDERS.has(method.name)) return isLazyByName(method.member.object, settings, sourceCode);
  if (settings.alwaysLazyMethods.has(method.name) || PROTOCOL_METHODS.has(method.name)) return true;
  if (settings.cursorOrQueryMethods.has(method.name)) return !takesFunctionFirst(value, sourceCode, undefined);
  return submitsLazyQuery(value, sourceCode);
}

/** The value a write reference stores: a declarator's `init`, or a plain assignment's right side. */
function writtenValue(identifier: TSESTree.Node): TSESTree.Node | undefined {
  const parent = identifier.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id === identifier) return parent.init ?? undefined;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === identifier && parent.operator === '=') {
    return parent.right;
  }
  return undefined;
}

/** Whether every value the binding is given is a lazy value made in place (and it is given one). */
export function holdsLazyValue(
  variable: PoolBinding,
  settings: Settings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const writes = variable.references.filter((reference) => reference.isWrite());
  return (
    writes.length > 0 &&
    writes.every((reference) => {
      const value = writtenValue(reference.identifier);
      return value !== undefined && isLazyByName(value, settings, sourceCode);
    })
  );
}
