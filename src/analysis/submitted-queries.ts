/**
 * Queries submitted to a pool (rule 5): node-postgres returns the submitted
 * object, so `client.query(q)` is lazy when `q` is a `new QueryStream(…)`, a
 * `new Cursor(…)`, a pg-copy-streams `to(…)`/`from(…)`/`copyTo(…)`/`copyFrom(…)`
 * call, or a binding initialised with one; the binding itself is then a lazy
 * value of the pool from that call on. A pg-cursor `Cursor` so submitted reads
 * with `read(n)`, which returns a promise when given no callback.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, innerValueNode } from './ast.js';

/** `new QueryStream(…)`, `new Cursor(…)`: node-postgres query objects that make `client.query` lazy. */
const LAZY_QUERY_CLASSES = new Set(['QueryStream', 'Cursor']);

/** pg-copy-streams' factories, bare or as members (`copyStreams.to(…)`). */
const COPY_STREAM_FACTORIES = new Set(['to', 'from', 'copyTo', 'copyFrom']);

function lastName(callee: TSESTree.Node): string | undefined {
  const path = calleePath(callee);
  return path?.slice(path.lastIndexOf('.') + 1);
}

/** A query object of a lazy kind, written in place. */
export function isLazyQueryObject(node: TSESTree.Node): boolean {
  const inner = innerValueNode(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) {
    const name = lastName(inner.callee);
    return name !== undefined && LAZY_QUERY_CLASSES.has(name);
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const name = lastName(inner.callee);
    return name !== undefined && COPY_STREAM_FACTORIES.has(name);
  }
  return false;
}

/** For `q` a binding written once, with a lazy query object: the binding. */
function lazyQueryBinding(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable | undefined {
  const inner = innerValueNode(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(inner), inner);
  const definition = variable?.defs[0];
  if (!variable || definition?.node.type !== AST_NODE_TYPES.VariableDeclarator || !definition.node.init) return undefined;
  if (variable.references.filter((reference) => reference.isWrite()).length !== 1) return undefined;
  return isLazyQueryObject(definition.node.init) ? variable : undefined;
}

/** Whether `call` submits a lazy query object (in place, or through a binding). */
export function submitsLazyQuery(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return call.arguments.some((argument) => isLazyQueryObject(argument) || lazyQueryBinding(argument, sourceCode) !== undefined);
}

/** The reads, after `call`, of a lazy query binding it submits: each holds the pool's lazy value. */
export function submittedReads(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Identifier[] {
  const reads: TSESTree.Identifier[] = [];
  for (const argument of call.arguments) {
    const variable = lazyQueryBinding(argument, sourceCode);
    if (!variable) continue;
    for (const reference of variable.references) {
      const identifier = reference.identifier;
      if (reference.isRead() && identifier.range[0] >= call.range[1] && identifier.type === AST_NODE_TYPES.Identifier) {
        reads.push(identifier);
      }
    }
  }
  return reads;
}

/** `new Cursor(…)`: pg-cursor's query object, whose `read(n)` without a callback returns a promise. */
function isCursorObject(node: TSESTree.Node): boolean {
  const inner = innerValueNode(node);
  return inner.type === AST_NODE_TYPES.NewExpression && lastName(inner.callee) === 'Cursor';
}

/**
 * Whether the lazy value at `node` is a submitted pg-cursor: `client.query(new Cursor(sql))`,
 * `client.query(c)` with `c` a binding initialised with one, or a read of that binding.
 */
export function isSubmittedCursor(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const cursorBinding = (value: TSESTree.Node): boolean => {
    const variable = lazyQueryBinding(value, sourceCode);
    const definition = variable?.defs[0];
    return definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init !== null && isCursorObject(definition.node.init);
  };
  if (node.type === AST_NODE_TYPES.Identifier) return cursorBinding(node);
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  return node.arguments.some((argument) => isCursorObject(argument) || cursorBinding(argument));
}
