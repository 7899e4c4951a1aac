/**
 * The variable an identifier names, looked up by name from the innermost
 * scope around it. `ASTUtils.findVariable(scope, node)` first searches the
 * scope's child scopes for the innermost one holding the node, one by one: a
 * function with n block scopes (n loops) made each lookup cost n, and the
 * analysis quadratic in such files. `sourceCode.getScope(node)` already is
 * that innermost scope.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

export function variableOf(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier.name);
}
