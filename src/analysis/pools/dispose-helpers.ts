/**
 * Local helpers that close a pool (rule 16): a function declared in the file
 * (a declaration, or a `const` bound to a function) whose body disposes one of
 * its parameters (`async function disconnect(c) { await c.end() }`) or a pool
 * it closes over (`const dispose = () => dispatcher.close()`) is a dispose
 * call at each of its call sites, of that close's kind. So are
 * `conn.end.bind(conn)()` and `promisify(conn.end.bind(conn))()`. One level:
 * a helper that calls another helper is not followed.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { cachedIn } from '../../util/cached.js';
import { contains, firstStartingFrom, innerValueNode, isFunction, memberName, methodCall } from '../core/ast.js';
import { functionOfBinding } from '../core/function-calls.js';
import type { Settings } from '../core/options.js';
import type { FunctionNode } from '../core/ast.js';
import { disposeSitesOf, mayCallOnPlainName } from '../core/text-prefilter.js';
import { variableOf } from '../core/variables.js';

/** What a helper disposes: its parameter at `param`, or a binding it closes over; and with which method. */
interface HelperClose {
  param: number | undefined;
  closedOver: TSESLint.Scope.Variable | undefined;
  method: string;
}

/** `x.close()`, `await x.end()`, `return x.close()` as a statement of the helper's body: the call. */
function disposeIn(statement: TSESTree.Node, settings: Settings): TSESTree.CallExpression | undefined {
  let expression: TSESTree.Node | null | undefined = statement;
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) expression = statement.expression;
  else if (statement.type === AST_NODE_TYPES.ReturnStatement) expression = statement.argument;
  if (!expression) return undefined;
  let inner = innerValueNode(expression);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = innerValueNode(inner.argument);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const method = methodCall(inner);
  return method && settings.disposeMethods.has(method.name) && innerValueNode(method.member.object).type === AST_NODE_TYPES.Identifier
    ? inner
    : undefined;
}

/** A function's statements: its block's, or its expression body as one. */
function bodyStatements(fn: FunctionNode): readonly TSESTree.Node[] {
  return fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body : [fn.body];
}

/** The close a helper makes on every call, found once per helper. */
const summaries = new WeakMap<FunctionNode, HelperClose | null>();

function summarise(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings): HelperClose | undefined {
  const summary = cachedIn(summaries, fn, () => {
    for (const statement of bodyStatements(fn)) {
      const call = disposeIn(statement, settings);
      if (!call) continue;
      const dispose = methodCall(call);
      const target = dispose ? innerValueNode(dispose.member.object) : undefined;
      if (!dispose || target?.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = variableOf(target, sourceCode);
      if (!variable) continue;
      const method = dispose.name;
      const param = fn.params.findIndex((parameter) => parameter.type === AST_NODE_TYPES.Identifier && parameter.name === target.name);
      if (param >= 0 && variable.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter) return { param, closedOver: undefined, method };
      // A binding declared outside the helper: the helper closes it over.
      const declared = variable.defs[0]?.name;
      if (declared && !contains(fn, declared)) return { param: undefined, closedOver: variable, method };
    }
    return null;
  });
  return summary ?? undefined;
}

/**
 * The names a closing helper can be called by in a file: the names of its functions whose body disposes
 * something (`summarise`'s first test), from the scope manager's function scopes. Most calls (`callback(err)`,
 * `resolve()`) name no such function, and then need no scope lookup. Per file and per set of dispose methods.
 * Where the text prefilter found the file's dispose calls, only the functions holding one are looked at.
 */
const closerNames = new WeakMap<object, { settings: Settings; names: ReadonlySet<string> }>();

function allFunctions(scopeManager: TSESLint.Scope.ScopeManager): FunctionNode[] {
  const functions: FunctionNode[] = [];
  for (const scope of scopeManager.scopes) {
    const fn = scope.block;
    if (scope.type === TSESLint.Scope.ScopeType.function && isFunction(fn)) functions.push(fn);
  }
  return functions;
}

/**
 * The child scope of `scope` whose node holds the offset `at`. Children mostly come in source order and do not
 * overlap: a binary search, so that a module of n functions, each closing its pool, costs n log n and not n².
 */
function childScopeAt(scope: TSESLint.Scope.Scope | null, at: number): TSESLint.Scope.Scope | undefined {
  const children = scope?.childScopes ?? [];
  const found = children[firstStartingFrom(children, at + 1, (child) => child.block.range[0]) - 1];
  if (found && at < found.block.range[1]) return found;
  // Children out of source order (a type annotation's scope after a default value's, say): each is looked at.
  return scope && !inSourceOrder(scope) ? children.find((child) => child.block.range[0] <= at && at < child.block.range[1]) : undefined;
}

const ordered = new WeakMap<TSESLint.Scope.Scope, boolean>();

/** Whether a scope's children come in source order, without overlapping: found once per scope. */
function inSourceOrder(scope: TSESLint.Scope.Scope): boolean {
  let answer = ordered.get(scope);
  if (answer === undefined) {
    const children = scope.childScopes;
    answer = children.every((child, index) => index === 0 || (children[index - 1] as TSESLint.Scope.Scope).block.range[1] <= child.block.range[0]);
    ordered.set(scope, answer);
  }
  return answer;
}

/**
 * The innermost function around each dispose call the text prefilter found (`sites`) that may be made on a plain
 * name, down the scope tree from the global scope: a helper's close is a statement of its own body, so only that
 * function can be the helper. A file's other functions, most of them, are never looked at.
 */
function functionsAround(scopeManager: TSESLint.Scope.ScopeManager, sites: readonly number[], text: string): Set<FunctionNode> {
  const functions = new Set<FunctionNode>();
  for (const site of sites) {
    // A helper disposes a plain name (its parameter, or a binding it closes over): not `this.conn.end()`.
    if (!mayCallOnPlainName(text, site)) continue;
    let innermost: FunctionNode | undefined;
    for (let scope = childScopeAt(scopeManager.globalScope, site); scope; scope = childScopeAt(scope, site)) {
      if (scope.type === TSESLint.Scope.ScopeType.function && isFunction(scope.block)) innermost = scope.block;
    }
    if (innermost) functions.add(innermost);
  }
  return functions;
}

function helperNames(sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings): ReadonlySet<string> | undefined {
  const scopeManager = sourceCode.scopeManager;
  if (!scopeManager) return undefined;
  const known = closerNames.get(scopeManager);
  if (known?.settings === settings) return known.names;
  const names = new Set<string>();
  const sites = disposeSitesOf(sourceCode, settings);
  const functions = sites ? functionsAround(scopeManager, sites, sourceCode.text) : allFunctions(scopeManager);
  for (const fn of functions) {
    if (!bodyStatements(fn).some((statement) => disposeIn(statement, settings))) continue;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) names.add(fn.id.name);
    const parent = fn.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
      names.add(parent.id.name);
    }
  }
  closerNames.set(scopeManager, { settings, names });
  return names;
}

/** Whether the file may have a local closing helper: a statement holding no dispose call may then still close a pool. */
export function mayHaveClosingHelpers(sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings): boolean {
  return helperNames(sourceCode, settings)?.size !== 0;
}

/** The inner close method of each helper call found to dispose a pool: what its close kind is read from. */
const helperMethods = new WeakMap<TSESTree.CallExpression, string>();

/** For a dispose call found here, the close method it stands for (`end` for `disconnect(conn)`). */
export function helperCloseMethod(call: TSESTree.CallExpression): string | undefined {
  return helperMethods.get(call);
}

/** Record that `call` closes a pool through `method`: a helper's call, or an awaited chain's `.finally(() => c.end())`. */
export function standsForClose(call: TSESTree.CallExpression, method: string): void {
  helperMethods.set(call, method);
}

/** `conn.end.bind(conn)`: the method and its receiver, when it is a dispose method bound to its own receiver. */
function boundDispose(node: TSESTree.Node, settings: Settings): { method: string; target: TSESTree.Identifier } | undefined {
  const call = innerValueNode(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const bind = innerValueNode(call.callee);
  if (bind.type !== AST_NODE_TYPES.MemberExpression || memberName(bind) !== 'bind') return undefined;
  const member = innerValueNode(bind.object);
  if (member.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(member);
  const target = innerValueNode(member.object);
  const [receiver] = call.arguments;
  if (method === undefined || !settings.disposeMethods.has(method) || target.type !== AST_NODE_TYPES.Identifier) return undefined;
  return receiver && innerValueNode(receiver).type === AST_NODE_TYPES.Identifier && (innerValueNode(receiver) as TSESTree.Identifier).name === target.name
    ? { method, target }
    : undefined;
}

/**
 * A call that disposes a pool through a local helper, a bound close or a
 * promisified bound close: the call, and the binding it disposes.
 */
export function helperDisposeCall(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
): { call: TSESTree.CallExpression; target: TSESTree.Identifier } | undefined {
  const callee = innerValueNode(call.callee);
  // `conn.end.bind(conn)()`, `promisify(conn.end.bind(conn))()`.
  const bound =
    boundDispose(callee, settings) ??
    (callee.type === AST_NODE_TYPES.CallExpression && callee.arguments.length === 1 && callee.arguments[0]
      ? boundDispose(callee.arguments[0], settings)
      : undefined);
  if (bound) {
    standsForClose(call, bound.method);
    return { call, target: bound.target };
  }
  if (callee.type !== AST_NODE_TYPES.Identifier || helperNames(sourceCode, settings)?.has(callee.name) === false) return undefined;
  const variable = variableOf(callee, sourceCode);
  const fn = variable ? functionOfBinding(variable) : undefined;
  const summary = fn ? summarise(fn, sourceCode, settings) : undefined;
  if (!summary) return undefined;
  let target: TSESTree.Node | undefined;
  if (summary.param !== undefined) target = call.arguments[summary.param];
  else target = summary.closedOver?.references.find((reference) => reference.isRead())?.identifier;
  if (!target) return undefined;
  const identifier = innerValueNode(target);
  if (identifier.type !== AST_NODE_TYPES.Identifier) return undefined;
  standsForClose(call, summary.method);
  return { call, target: identifier };
}
