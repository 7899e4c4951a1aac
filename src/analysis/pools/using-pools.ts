/**
 * Kinds 1 and 3: pools declared with `using` or `await using`, which die at
 * the end of their block (a loop's iteration, the module), and pools adopted
 * by a `using`-declared disposable stack, which die with the stack.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, methodCall, outerValueNode } from '../core/ast.js';
import type { Settings } from '../core/options.js';
import { disposeCallIn } from './dispose-calls.js';
import { scopeOf, type Pool } from './pools.js';
import { variableOf } from '../core/variables.js';

/** The node whose end disposes a `using` declaration, and how to name it. */
function usingScope(
  declaration: TSESTree.VariableDeclaration,
): { node: TSESTree.Node; what: string } | undefined {
  const keyword = declaration.kind === 'await using' ? "'await using'" : "'using'";
  const parent = declaration.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.StaticBlock:
      return { node: parent, what: `end of the ${keyword} block` };
    case AST_NODE_TYPES.Program:
      return { node: parent, what: `end of the module (${keyword} at top level)` };
    case AST_NODE_TYPES.SwitchCase:
      return { node: parent.parent, what: `end of the 'switch' holding the ${keyword}` };
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return parent.left === declaration
        ? {
            node: parent.body,
            what: `end of each iteration of the 'for (${declaration.kind} …)' loop`,
          }
        : undefined;
    case AST_NODE_TYPES.ForStatement:
      return { node: parent, what: `end of the 'for (${declaration.kind} …)' loop` };
    default:
      return undefined;
  }
}

export function collectUsingPools(
  declaration: TSESTree.VariableDeclaration,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  into: Pool[],
): void {
  const scope = usingScope(declaration);
  if (!scope) return;
  // A Program ends after the file's trailing newline: name the line of its last token.
  const lastLine =
    scope.node.type === AST_NODE_TYPES.Program ? sourceCode.getLastToken(scope.node)?.loc.end.line : undefined;
  const line = lastLine ?? scope.node.loc.end.line;
  const fn = enclosingFunction(declaration);
  for (const declarator of declaration.declarations) {
    for (const variable of sourceCode.getDeclaredVariables(declarator)) {
      into.push({
        kind: 'using',
        variable,
        name: variable.name,
        fn,
        ...scopeOf(scope.node),
        disposal: () => `line ${String(line)}, ${scope.what}`,
        awaitsReturnedPromise: false,
        disposedBy: declaration,
      });
      collectStackPools(variable, declaration, scope.node, into, sourceCode, settings);
    }
  }
}

/** The variables a `stack.defer(() => p.close())` callback disposes. */
function deferredDisposals(callback: TSESTree.Node, settings: Settings): TSESTree.Identifier[] {
  if (!isFunction(callback)) return [];
  const body = callback.body;
  const expressions =
    body.type === AST_NODE_TYPES.BlockStatement
      ? body.body.flatMap((statement) => (statement.type === AST_NODE_TYPES.ExpressionStatement ? [statement.expression] : []))
      : [body];
  return expressions.flatMap((expression) => {
    const target = disposeCallIn(expression, settings)?.target;
    return target?.type === AST_NODE_TYPES.Identifier ? [target] : [];
  });
}

/**
 * Kind 3: bindings adopted by a `using`-declared disposable stack —
 * `const p = stack.use(new Pool())`, `stack.use(p)`, `stack.adopt(p, …)`,
 * `stack.defer(() => p.close())`. They die when the stack's block ends.
 */
function collectStackPools(
  stack: TSESLint.Scope.Variable,
  declaration: TSESTree.VariableDeclaration,
  block: TSESTree.Node,
  into: Pool[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
): void {
  const keyword = declaration.kind === 'await using' ? "'await using'" : "'using'";
  const adopted = new Set<TSESLint.Scope.Variable>();
  for (const reference of stack.references) {
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = outerValueNode(member).parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== outerValueNode(member)) continue;
    const method = methodCall(call);
    const [first] = call.arguments;
    if (!method || !first) continue;
    const targets: TSESTree.Identifier[] = [];
    if (method.name === 'use' || method.name === 'adopt') {
      if (first.type === AST_NODE_TYPES.Identifier) targets.push(first);
      const holder = outerValueNode(call).parent;
      const declarator = holder?.type === AST_NODE_TYPES.AwaitExpression ? outerValueNode(holder).parent : holder;
      if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id.type === AST_NODE_TYPES.Identifier) {
        targets.push(declarator.id);
      }
    } else if (method.name === 'defer') {
      targets.push(...deferredDisposals(first, settings));
    }
    for (const target of targets) {
      const variable = variableOf(target, sourceCode);
      if (variable && variable !== stack) adopted.add(variable);
    }
  }
  for (const variable of adopted) {
    into.push({
      kind: 'stack',
      variable,
      name: variable.name,
      fn: enclosingFunction(declaration),
      ...scopeOf(block),
      disposal: () => `line ${String(block.loc.end.line)}, by stack '${stack.name}' at the end of its ${keyword} block`,
      awaitsReturnedPromise: false,
    });
  }
}
