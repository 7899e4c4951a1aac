/**
 * The calls of a function created in the code: an IIFE's own call, or the
 * calls of the binding that names it (`const get = () => …`, `function* rows() {}`).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, outerValueNode, type FunctionNode } from './ast.js';

/** The binding that names a function: `function f() {}`, `const f = () => …` (with `constOnly`, not a `let` or `var`). */
function namingVariable(
  fn: FunctionNode,
  sourceCode: Readonly<TSESLint.SourceCode>,
  constOnly = false,
): TSESLint.Scope.Variable | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return fn.id ? sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === fn.id?.name) : undefined;
  }
  const parent = outerValueNode(fn).parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (constOnly && parent.parent.kind !== 'const') return undefined;
  return sourceCode.getDeclaredVariables(parent)[0];
}

/** Undefined when the function is not named by a binding nor called in place: its calls cannot be found. */
export function callsOf(
  fn: FunctionNode,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESTree.CallExpression[] | undefined {
  const value = outerValueNode(fn);
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === value) return [parent];
  const variable = namingVariable(fn, sourceCode);
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

/**
 * Where a named function is handed over by its name, when that is the one thing the code does with the name:
 * `const dispose = () => pool.close(); setTimeout(dispose, 10)` gives the `dispose` of `setTimeout(dispose, 10)`,
 * where the function runs from as if it were written there. Undefined when the name is called, handed over twice,
 * read in any other way, or can be bound again (`let`): then where it runs from is not known.
 */
export function handedOverByName(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Identifier | undefined {
  const variable = namingVariable(fn, sourceCode, true);
  // `function dispose() {}` can be assigned again: not known then either.
  if (!variable || variable.defs.length !== 1 || variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  const reads = variable.references.filter((reference) => reference.isRead());
  const [read] = reads;
  if (!read || reads.length !== 1) return undefined;
  const value = outerValueNode(read.identifier);
  const call = value.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee !== value && call.arguments.includes(value as TSESTree.CallExpressionArgument)
    ? (read.identifier as TSESTree.Identifier)
    : undefined;
}
