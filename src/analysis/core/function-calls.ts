/**
 * The calls of a function created in the code: an IIFE's own call, or the
 * calls of the binding that names it (`const get = () => …`, `function* rows() {}`).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, outerValueNode, type FunctionNode } from './ast.js';

/** Undefined when the function is not named by a binding nor called in place: its calls cannot be found. */
export function callsOf(
  fn: FunctionNode,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.CallExpression[] | undefined {
  const value = outerValueNode(fn);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === value) return [parent];
  let variables: readonly TSESLint.Scope.Variable[] = [];
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    variables = sourceCode.getDeclaredVariables(fn).filter((variable) => variable.name === fn.id?.name);
  } else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) {
    variables = sourceCode.getDeclaredVariables(parent);
  }
  const [variable] = variables;
  if (!variable) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const callee = outerValueNode(reference.identifier);
    if (callee.parent?.type === AST_NODE_TYPES.CallExpression && callee.parent.callee === callee) {
      calls.push(callee.parent);
    }
  }
  return calls;
}

/** The generator functions between `node` and `stop` (exclusive), innermost first. */
export function generatorsAround(node: TSESTree.Node, stop: TSESTree.Node): FunctionNode[] {
  const generators: FunctionNode[] = [];
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (isFunction(current) && current.generator) generators.push(current);
  }
  return generators;
}

/**
 * What a binding holds for its whole life: the initialiser of a `const`, or of a `let` / `var` that nothing
 * writes again (`var query = conn.query(sql)` in code older than `const`). Undefined otherwise.
 */
export function initialValueOf(variable: TSESLint.Scope.Variable): TSESTree.Expression | undefined {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition?.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
  const declarator = definition.node;
  if (!declarator.init || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (definition.parent.kind === 'const') return declarator.init;
  const writes = variable.references.filter((reference) => reference.isWrite());
  return writes.length === 1 && writes[0]?.init === true ? declarator.init : undefined;
}

/** The function a binding's declaration makes, if it is `function f() {}` or `const f = async () => …`. */
export function functionOfBinding(variable: TSESLint.Scope.Variable): FunctionNode | undefined {
  const definition = variable.defs[0];
  if (!definition) return undefined;
  const node = definition.node as TSESTree.Node;
  if (node.type === AST_NODE_TYPES.FunctionDeclaration) return node;
  if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && isFunction(node.init)) return node.init;
  return undefined;
}
