/**
 * Writes that the very next statement undoes: `r = pool.imap(a); r = pool.imap(b);`.
 * Nothing runs between the two but the second one's right-hand side, so the
 * reads of `r` after the second write, in the same function, never see what
 * the first one stored. The value flow skips them instead of following each
 * of n values of a binding to each of its n reads.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import { ancestors, enclosingFunction, firstNodeFrom, type FunctionNode } from './ast.js';

/** The identifiers that write each binding, found once per binding. */
const writers = new WeakMap<TSESLint.Scope.Variable, Set<TSESTree.Node>>();

/** The statement after `statement` in its block, found by a binary search of the block's statements (in source order). */
function nextStatement(statement: TSESTree.Node): TSESTree.Node | undefined {
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return undefined;
  const body: readonly TSESTree.Node[] = block.body;
  const at = firstNodeFrom(body, statement.range[0]);
  return body[at] === statement ? body[at + 1] : undefined;
}

function writesOf(variable: TSESLint.Scope.Variable): Set<TSESTree.Node> {
  return cachedIn(
    writers,
    variable,
    () => new Set(variable.references.filter((reference) => reference.isWrite()).map((reference) => reference.identifier)),
  );
}

/** Whether each binding is exported, found once per binding (n writes would otherwise scan its references n times). */
const exported = new WeakMap<TSESLint.Scope.Variable, boolean>();

/** `export let r`, `export { r }`: importers read the binding whenever they like. */
function isExported(variable: TSESLint.Scope.Variable): boolean {
  return cachedIn(exported, variable, () => {
    const definition = variable.defs[0];
    return (
      (definition?.type === TSESLint.Scope.DefinitionType.Variable &&
        definition.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) ||
      variable.references.some((reference) => reference.identifier.parent.type === AST_NODE_TYPES.ExportSpecifier)
    );
  });
}

export interface Overwrite {
  /** The function both writes run in. */
  fn: FunctionNode | TSESTree.Program;
  /** Reads in `fn` from this offset on see another value. */
  from: number;
}

/**
 * When the statement after `write` (`r = a()` or `let r = a()`) assigns the
 * same binding with `=`: where reads stop seeing the first value. Only for a
 * binding of the writes' own function (each call has its own), not exported,
 * and with no `try` around the second write in the function (its right-hand
 * side may throw into a `catch` or `finally` that reads the first value).
 */
export function overwrittenBy(write: TSESTree.Node, variable: TSESLint.Scope.Variable): Overwrite | undefined {
  let statement: TSESTree.Node | undefined;
  if (write.type === AST_NODE_TYPES.AssignmentExpression && write.operator === '=') {
    statement = write.parent.type === AST_NODE_TYPES.ExpressionStatement ? write.parent : undefined;
  } else if (write.type === AST_NODE_TYPES.VariableDeclarator && write.parent.declarations.length === 1) {
    statement = write.parent;
  }
  const next = statement && nextStatement(statement);
  if (next?.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
  const second = next.expression;
  if (second.type !== AST_NODE_TYPES.AssignmentExpression || second.operator !== '=' || !writesOf(variable).has(second.left)) {
    return undefined;
  }
  const fn = enclosingFunction(write);
  const declaration = variable.defs[0]?.name;
  if (!declaration || enclosingFunction(declaration) !== fn || isExported(variable)) return undefined;
  for (const ancestor of ancestors(next, fn)) if (ancestor.type === AST_NODE_TYPES.TryStatement) return undefined;
  return { fn, from: next.range[1] };
}
