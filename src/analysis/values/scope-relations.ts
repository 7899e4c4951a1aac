/**
 * Where a binding or a node lies relative to a pool's disposal scope, as the
 * value flow asks it: a binding declared outside the scope, a node in a loop
 * or in the pool's own function, an exported binding.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ancestors, contains, enclosingFunction, isLoop } from '../core/ast.js';
import type { Pool } from '../pools/pools.js';

export function isDeclaredOutsideScope(variable: TSESLint.Scope.Variable, pool: Pool): boolean {
  const definition = variable.defs[0];
  if (!definition) return true;
  // An explicit close has no block: its scope is the whole function before the close.
  if (pool.close) return !contains(pool.fn, definition.name);
  if (!contains([pool.scopeStart, pool.scopeEnd], definition.name)) return true;
  // A `var` declared in an inner block lives on in its function, outside the block.
  const hoisted = definition.type === TSESLint.Scope.DefinitionType.Variable && definition.parent.kind === 'var';
  const body = pool.fn.type === AST_NODE_TYPES.Program ? pool.fn : pool.fn.body;
  return hoisted && pool.scopeNode !== body;
}

/** Whether a loop may lie around `node`: one of its ancestors, or, for a scoped factory's pool, around the factory's call. */
export function inLoop(node: TSESTree.Node, pool: Pool): boolean {
  for (const ancestor of ancestors(node)) if (isLoop(ancestor)) return true;
  return pool.kind === 'factory';
}

export function isInScopeOfPoolFunction(node: TSESTree.Node, pool: Pool): boolean {
  return contains([pool.scopeStart, pool.scopeEnd], node) && enclosingFunction(node) === pool.fn;
}

export function isExportedBinding(variable: TSESLint.Scope.Variable): boolean {
  const definition = variable.defs[0];
  return definition?.type === TSESLint.Scope.DefinitionType.Variable && isExportedDeclarator(definition.node);
}

export function isExportedDeclarator(declarator: TSESTree.VariableDeclarator): boolean {
  return declarator.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration;
}
