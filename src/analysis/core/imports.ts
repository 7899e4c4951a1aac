/**
 * Where a called name comes from, for the few Node APIs the rule knows by
 * module: `open` of `fs/promises` (a file handle), `pipeline` of
 * `stream/promises` (a promise, where `stream`'s own takes a callback), and
 * the name a function has in its module when it is imported under another.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode } from './ast.js';
import { variableOf } from './variables.js';

/** What a name is bound to in its module: the module's path and the name it has there (`*` for the whole module). */
export interface ModuleBinding {
  source: string;
  imported: string;
}

/** `require('m')`, with a string literal: the module's path. */
function requiredModule(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const call = innerValueNode(node);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const [argument] = call.arguments;
  return call.callee.name === 'require' && argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string'
    ? argument.value
    : undefined;
}

/** `const x = require('m')`, `const { a: x } = require('m')`, `const x = require('m').a`: what `x` is bound to. */
function requireOf(definition: TSESLint.Scope.Definition, identifier: TSESTree.Identifier): ModuleBinding | undefined {
  if (definition.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
  const declarator = definition.node;
  const init = declarator.init ? innerValueNode(declarator.init) : undefined;
  if (!init) return undefined;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) {
    const whole = requiredModule(init);
    if (whole !== undefined) return { source: whole, imported: '*' };
    if (init.type !== AST_NODE_TYPES.MemberExpression || init.computed || init.property.type !== AST_NODE_TYPES.Identifier) return undefined;
    const source = requiredModule(init.object);
    return source === undefined ? undefined : { source, imported: init.property.name };
  }
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const source = requiredModule(init);
  if (source === undefined) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
    const target = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (target.type === AST_NODE_TYPES.Identifier && target.name === identifier.name) return { source, imported: property.key.name };
  }
  return undefined;
}

/**
 * The module a name is bound from, and the name it has there (`pipeline` for
 * `import { pipeline as run }`, `*` for a namespace or a whole `require`,
 * `default`), when an `import`, an `import x = require(…)` or a `const` given
 * a `require(…)` of this file binds it.
 */
export function importOf(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): ModuleBinding | undefined {
  const variable = variableOf(identifier, sourceCode);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === TSESLint.Scope.DefinitionType.Variable) return requireOf(definition, definition.name);
  if (definition.type !== TSESLint.Scope.DefinitionType.ImportBinding) return undefined;
  const declaration = definition.parent;
  if (declaration.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = declaration.moduleReference;
    return reference.type === AST_NODE_TYPES.TSExternalModuleReference && typeof reference.expression.value === 'string'
      ? { source: reference.expression.value, imported: '*' }
      : undefined;
  }
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

/**
 * The module a callee comes from, and its name there: `to(…)` imported from
 * it, `copy.to(…)` on its namespace, default import or `require`.
 */
export function calleeOrigin(callee: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): ModuleBinding | undefined {
  const inner = innerValueNode(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return importOf(inner, sourceCode);
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed || inner.property.type !== AST_NODE_TYPES.Identifier) {
    return undefined;
  }
  const object = innerValueNode(inner.object);
  const required = requiredModule(object);
  if (required !== undefined) return { source: required, imported: inner.property.name };
  if (object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const found = importOf(object, sourceCode);
  return found && (found.imported === '*' || found.imported === 'default') ? { source: found.source, imported: inner.property.name } : undefined;
}

const isModule = (source: string | undefined, module: string): boolean => source === module || source === `node:${module}`;

/** An import of the namespace of `module`: `import fs from 'node:fs'`, `import * as fs from 'fs'`. */
function isNamespaceOf(found: ModuleBinding | undefined, module: string): boolean {
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
