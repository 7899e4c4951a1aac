/**
 * Small AST questions shared by the analysis: wrappers to look through,
 * enclosing functions, names of callees, ranges.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { getKeys, visitorKeys } from '@typescript-eslint/visitor-keys';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** Nodes that pass their operand's value through unchanged. */
export function isTransparentWrapper(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.TSInstantiationExpression:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    default:
      return false;
  }
}

/** The outermost node whose value is `node`'s value (through `as`, `!`, `?.` chains). */
export function outerValueNode(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isTransparentWrapper(current.parent)) current = current.parent;
  return current;
}

/** `node` with `as`, `!`, `satisfies` and `?.` wrappers removed. */
export function innerValueNode(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTransparentWrapper(current)) current = (current as TSESTree.ChainExpression | TSESTree.TSAsExpression).expression;
  return current;
}

/** The nearest function around `node`, or the Program. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  let current = node.parent;
  while (current) {
    if (isFunction(current) || current.type === AST_NODE_TYPES.Program) return current;
    current = current.parent;
  }
  throw new Error('node outside a Program');
}

/** The name a property key or member property spells statically, `[Symbol.dispose]` for well-known symbols. */
export function staticPropertyName(
  property: TSESTree.Expression | TSESTree.PrivateIdentifier,
  computed: boolean,
): string | undefined {
  if (!computed) {
    return property.type === AST_NODE_TYPES.Identifier ? property.name : undefined;
  }
  if (property.type === AST_NODE_TYPES.Literal && (typeof property.value === 'string' || typeof property.value === 'number')) {
    return String(property.value);
  }
  if (
    property.type === AST_NODE_TYPES.MemberExpression &&
    !property.computed &&
    property.object.type === AST_NODE_TYPES.Identifier &&
    property.object.name === 'Symbol' &&
    property.property.type === AST_NODE_TYPES.Identifier
  ) {
    return `[Symbol.${property.property.name}]`;
  }
  if (property.type === AST_NODE_TYPES.TemplateLiteral && property.expressions.length === 0) {
    return property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** `a.b` → `b`; `a['b']` → `b`; `a[Symbol.dispose]` → `[Symbol.dispose]`. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  return staticPropertyName(node.property, node.computed);
}

/** For `obj.m(…)`: the member expression and method name. */
export function methodCall(
  node: TSESTree.CallExpression,
): { member: TSESTree.MemberExpression; name: string } | undefined {
  const callee = innerValueNode(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  return name === undefined ? undefined : { member: callee, name };
}

/**
 * The index of the first of `items` (in the order of where they start, `startOf`) that starts at or after
 * `offset`: a binary search. An item whose start is unknown counts as starting after every offset.
 */
export function firstStartingFrom<T>(items: readonly T[], offset: number, startOf: (item: T) => number | undefined): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((startOf(items[middle] as T) ?? Infinity) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first of `nodes` (in source order) that starts at or after `offset`. */
export function firstNodeFrom(nodes: readonly TSESTree.Node[], offset: number): number {
  return firstStartingFrom(nodes, offset, (node) => node.range[0]);
}

/** The last name of a callee's path: `f` for `f(…)` and for `a.b.f(…)`; otherwise undefined. */
export function calleeName(callee: TSESTree.Node): string | undefined {
  // `calleePath`'s answer's last name, without making the path: asked of many calls, most not named at all.
  let inner = innerValueNode(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const last = memberName(inner);
  while (inner.type === AST_NODE_TYPES.MemberExpression) {
    if (memberName(inner) === undefined) return undefined;
    inner = innerValueNode(inner.object);
  }
  return inner.type === AST_NODE_TYPES.Identifier ? last : undefined;
}

/** `f(…)` → `f`; `a.b.f(…)` → `a.b.f`; otherwise undefined. */
export function calleePath(callee: TSESTree.Node): string | undefined {
  // A loop down the member chain, which may be long: `a.b.c.….f`.
  const names: string[] = [];
  let inner = innerValueNode(callee);
  while (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(inner);
    if (name === undefined) return undefined;
    names.push(name);
    inner = innerValueNode(inner.object);
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  names.push(inner.name);
  return names.reverse().join('.');
}

export function contains(outer: TSESTree.Node | TSESTree.Range, inner: TSESTree.Node): boolean {
  const range = 'range' in outer ? outer.range : outer;
  return range[0] <= inner.range[0] && inner.range[1] <= range[1];
}

/** Ancestors of `node` from its parent up to (not including) `stop`. */
export function* ancestors(node: TSESTree.Node, stop?: TSESTree.Node): Generator<TSESTree.Node> {
  let current = node.parent;
  while (current && current !== stop) {
    yield current;
    current = current.parent;
  }
}

/** Statements and expressions that may skip or repeat part of their code. */
export const BRANCHING = new Set<string>([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.SwitchStatement,
  AST_NODE_TYPES.TryStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.LabeledStatement,
  AST_NODE_TYPES.ChainExpression,
]);

export function isLoop(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return true;
    default:
      return false;
  }
}

/** Whether `await` may be written at `node`: inside an async function, or at a module's top level. */
export function awaitAllowedAt(node: TSESTree.Node, sourceType: 'module' | 'script' | 'commonjs' | undefined): boolean {
  const fn = enclosingFunction(node);
  if (fn.type === AST_NODE_TYPES.Program) return sourceType === 'module';
  return fn.async;
}

export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && 'type' in value && 'range' in value;
}

/**
 * The first node in `root` (not entering nested functions, or only arrow
 * functions with `enterArrows`) that `test` accepts. For the rare questions asked of a subtree, not for every file.
 */
export function findInFunctionBody(
  root: TSESTree.Node,
  test: (node: TSESTree.Node) => boolean,
  enterArrows = false,
): TSESTree.Node | undefined {
  const pending: TSESTree.Node[] = [root];
  const push = (child: unknown): void => {
    if (isNode(child) && (!isFunction(child) || (enterArrows && child.type === AST_NODE_TYPES.ArrowFunctionExpression))) {
      pending.push(child);
    }
  };
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (test(node)) return node;
    const fields = node as unknown as Record<string, unknown>;
    for (const key of childKeys(node)) {
      const value = fields[key];
      if (Array.isArray(value)) for (const child of value) push(child);
      else push(value);
    }
  }
  return undefined;
}

/** A node's child keys: the parser's own visitor keys (what ESLint's traversal follows), else every own key but the back links. */
function childKeys(node: TSESTree.Node): readonly string[] {
  return (visitorKeys as Record<string, readonly string[] | undefined>)[node.type] ?? getKeys(node);
}

/** Every node in `root` (not entering nested functions) that `test` accepts, in no particular order. */
export function collectInFunctionBody(root: TSESTree.Node, test: (node: TSESTree.Node) => boolean): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  findInFunctionBody(root, (node) => {
    if (test(node)) found.push(node);
    return false;
  });
  return found;
}
