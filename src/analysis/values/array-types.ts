/**
 * Whether an array may stand in for a lazy value where a binding or a
 * declared type holds it: `T[]`, `Iterable<T>`, unions with them, and
 * bindings whose type is inferred from the value alone.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains } from '../core/ast.js';

/** Type names an array is assignable to, whatever the element type fits. */
const ARRAY_TAKING_TYPES = new Set(['Iterable', 'Array', 'ReadonlyArray']);

/**
 * Whether a declared type takes an array: `T[]`, `readonly T[]`,
 * `Iterable<T>`, `Array<T>`, `ReadonlyArray<T>`, or a union with one of them;
 * with `promised`, also inside `Promise<…>` (an async function's return type).
 */
export function typeTakesArray(type: TSESTree.TypeNode, promised = false): boolean {
  switch (type.type) {
    case AST_NODE_TYPES.TSArrayType:
      return true;
    case AST_NODE_TYPES.TSTypeOperator:
      return type.operator === 'readonly' && type.typeAnnotation?.type === AST_NODE_TYPES.TSArrayType;
    case AST_NODE_TYPES.TSUnionType:
      return type.types.some((member) => typeTakesArray(member, promised));
    case AST_NODE_TYPES.TSTypeReference: {
      if (type.typeName.type !== AST_NODE_TYPES.Identifier) return false;
      const name = type.typeName.name;
      if (ARRAY_TAKING_TYPES.has(name)) return true;
      const [inner] = type.typeArguments?.params ?? [];
      return promised && name === 'Promise' && inner !== undefined && typeTakesArray(inner);
    }
    default:
      return false;
  }
}

/**
 * A binding whose type an array may take in place of the value: declared
 * without a type annotation and, when the value is its initializer, written
 * nowhere else (its type, inferred from the initializer, must fit the other
 * writes); when the value is assigned later, declared without an initializer
 * or with an array literal.
 */
export function takesAnyValue(variable: TSESLint.Scope.Variable, write: TSESTree.Node): boolean {
  const narrow = variable.defs.some(
    (definition) =>
      definition.name.type === AST_NODE_TYPES.Identifier &&
      definition.name.typeAnnotation &&
      !typeTakesArray(definition.name.typeAnnotation.typeAnnotation),
  );
  if (narrow) return false;
  const declarator = variable.defs[0]?.node;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator) return true;
  if (declarator !== write) return !declarator.init || declarator.init.type === AST_NODE_TYPES.ArrayExpression;
  return variable.references.every((reference) => !reference.isWrite() || contains(write, reference.identifier));
}
