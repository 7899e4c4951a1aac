/**
 * What to call a pool in a message. A `Dir`, a file handle or a cursor that
 * closes itself is not a "pool" to its user: where the binding's own
 * initialiser says what it holds (`await opendir(…)`, `await open(…)` from
 * `fs/promises`, a lazy call), the message names that instead.
 */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, innerValueNode, methodCall } from './ast.js';
import type { Settings } from './options.js';
import type { Pool } from './pools.js';

export type PoolNoun = 'pool' | 'directory' | 'file handle' | 'cursor' | 'stream';

const FS_PROMISES = new Set(['fs/promises', 'node:fs/promises']);
const FS = new Set(['fs', 'node:fs']);

/** The module a name is imported from, when it is bound by an `import` of this file. */
function importSource(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== TSESLint.Scope.DefinitionType.ImportBinding) return undefined;
  const declaration = definition.parent;
  return declaration.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : undefined;
}

/** `open` from `fs/promises`: imported by name, or called on its namespace (`fsp.open`, `fs.promises.open`). */
function isFileHandleOpen(callee: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const inner = innerValueNode(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name === 'open' && FS_PROMISES.has(importSource(inner, sourceCode) ?? '');
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed || inner.property.type !== AST_NODE_TYPES.Identifier) return false;
  if (inner.property.name !== 'open') return false;
  const object = innerValueNode(inner.object);
  if (object.type === AST_NODE_TYPES.Identifier) return FS_PROMISES.has(importSource(object, sourceCode) ?? '');
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    !object.computed &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    object.property.name === 'promises' &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    FS.has(importSource(object.object, sourceCode) ?? '')
  );
}

/** What a lazy value made by `name` is called: a stream for stream makers, a cursor otherwise. */
function lazyNoun(name: string): PoolNoun {
  return /stream/i.test(name) || name === 'watch' ? 'stream' : 'cursor';
}

/** `new QueryStream(…)` is a stream, `new Cursor(…)` a cursor. */
function queryNoun(node: TSESTree.Node): PoolNoun | undefined {
  if (node.type !== AST_NODE_TYPES.NewExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (node.callee.name === 'QueryStream') return 'stream';
  return node.callee.name === 'Cursor' ? 'cursor' : undefined;
}

/** The noun for the value a binding is initialised with, when the initialiser tells. */
function nounOfInitialiser(init: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings): PoolNoun {
  let value = innerValueNode(init);
  const awaited = value.type === AST_NODE_TYPES.AwaitExpression;
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = innerValueNode(value.argument);
  const query = queryNoun(value);
  if (query) return query;
  if (value.type !== AST_NODE_TYPES.CallExpression) return 'pool';
  // node-postgres: `client.query(new QueryStream(sql))` returns the stream.
  for (const argument of value.arguments) {
    const submitted = queryNoun(argument);
    if (submitted) return submitted;
  }
  const path = calleePath(value.callee);
  const last = path?.slice(path.lastIndexOf('.') + 1);
  if (last === 'opendir' || last === 'opendirSync') return 'directory';
  if (isFileHandleOpen(value.callee, sourceCode)) return 'file handle';
  const method = methodCall(value);
  if (!method || method.member.object.type === AST_NODE_TYPES.ThisExpression) return 'pool';
  if (settings.alwaysLazyMethods.has(method.name)) return lazyNoun(method.name);
  if (settings.cursorOrQueryMethods.has(method.name) && !awaited) return lazyNoun(method.name);
  return 'pool';
}

/** For a binding adopted by a stack, `stack.use(await open(path))`: what the stack adopted. */
function adoptedValue(init: TSESTree.Node, pool: Pool): TSESTree.Node | undefined {
  if (pool.kind !== 'stack') return undefined;
  const call = innerValueNode(init);
  const method = call.type === AST_NODE_TYPES.CallExpression ? methodCall(call) : undefined;
  return call.type === AST_NODE_TYPES.CallExpression && (method?.name === 'use' || method?.name === 'adopt') ? call.arguments[0] : undefined;
}

/** `pool 'db'`, `directory 'dir'`, `file handle 'file'`: the pool as a message names it. */
export function namePool(pool: Pool, sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings): string {
  const definition = pool.variable.defs[0];
  const init = definition?.type === TSESLint.Scope.DefinitionType.Variable ? definition.node.init : null;
  const noun = init ? nounOfInitialiser(adoptedValue(init, pool) ?? init, sourceCode, settings) : 'pool';
  return `${noun} '${pool.name}'`;
}
