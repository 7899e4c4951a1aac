/**
 * Where a called name comes from, for the few Node APIs the rule knows by
 * module: `open` of `fs/promises` (a file handle), `pipeline` of
 * `stream/promises` (a promise, where `stream`'s own takes a callback), and
 * the name a function has in its module when it is imported under another.
 */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode } from './ast.js';

/**
 * The module a name is imported from, and the name it has there (`pipeline`
 * for `import { pipeline as run }`, `*` for a namespace, `default`), when it is
 * bound by an `import` of this file.
 */
export function importOf(
  identifier: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
): { source: string; imported: string } | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== TSESLint.Scope.DefinitionType.ImportBinding) return undefined;
  const declaration = definition.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const specifier = definition.node;
  const imported =
    specifier.type === AST_NODE_TYPES.ImportSpecifier
      ? specifier.imported.type === AST_NODE_TYPES.Identifier
        ? specifier.imported.name
        : specifier.imported.value
      : specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier
        ? '*'
        : 'default';
  return { source: declaration.source.value, imported };
}

const isModule = (source: string | undefined, module: string): boolean => source === module || source === `node:${module}`;

/** An import of the namespace of `module`: `import fs from 'node:fs'`, `import * as fs from 'fs'`. */
function isNamespaceOf(found: { source: string; imported: string } | undefined, module: string): boolean {
  return found !== undefined && isModule(found.source, module) && (found.imported === '*' || found.imported === 'default');
}

/**
 * Whether `callee` is `name` of a Node module's promise API: imported by
 * name from `<module>/promises`, or called on its namespace (`fsp.open` with
 * `fsp` imported from `fs/promises`, `fs.promises.open` with `fs` from `fs`).
 */
export function isPromiseApi(
  callee: TSESTree.Node,
  name: string,
  module: 'fs' | 'stream',
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const promises = `${module}/promises`;
  const inner = innerValueNode(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const found = importOf(inner, sourceCode);
    return found !== undefined && found.imported === name && isModule(found.source, promises);
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed || inner.property.type !== AST_NODE_TYPES.Identifier) return false;
  if (inner.property.name !== name) return false;
  const object = innerValueNode(inner.object);
  if (object.type === AST_NODE_TYPES.Identifier) {
    // `import * as fsp from 'fs/promises'`, or `import { promises as fsp } from 'fs'`.
    const found = importOf(object, sourceCode);
    return isNamespaceOf(found, promises) || (found?.imported === 'promises' && isModule(found.source, module));
  }
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    !object.computed &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    object.property.name === 'promises' &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    isNamespaceOf(importOf(object.object, sourceCode), module)
  );
}
