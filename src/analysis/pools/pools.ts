/**
 * Pools and their disposal points: which bindings are disposed where the
 * rule can see it, and the stretch of code (the disposal scope) that runs
 * before that point.
 */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, enclosingFunction, innerValueNode, isFunction, memberName, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import type { CodePathTracker } from '../core/code-paths.js';
import { lazily } from '../../util/cached.js';
import { excerpt } from '../wording/describe.js';
import { existenceGuarded, holderKey, ownershipGuarded } from './existence-guards.js';
import { helperDisposeCall } from './dispose-helpers.js';
import { bindingOf, thisPath, type PoolBinding } from './pool-bindings.js';
import type { Settings } from '../core/options.js';

/** 1 `using`, 2 dispose call in `finally`, 3 adopted by a `using` stack, 4 explicit close, 5 scoped factory. */
export type PoolKind = 'using' | 'finally' | 'stack' | 'close' | 'factory';

/** Kind 4: the explicit dispose calls of one binding in one function, and what code-path reachability needs. */
export interface CloseCall {
  calls: TSESTree.CallExpression[];
  /** For each call, `line 12, pool.close()`: made on the first ask (a message's), most closes are never named. */
  descriptions: () => string[];
  /** Whether one of the closes is a statement of the function body, or of the block declaring the pool: run on every path that gets there. */
  unconditional: boolean;
  tracker: CodePathTracker;
  /** Writes that re-create the binding: paths through them carry a new pool. */
  barriers: TSESTree.Node[];
  /** Calls that reopen the pool (`conn.openUri(uri)`): re-creations for the values made after them. */
  reopens: TSESTree.CallExpression[];
  /** Where the lazy value being judged is made: only paths from there can misuse it. */
  origin?: TSESTree.Node;
}

export interface Pool {
  kind: PoolKind;
  /** What holds the pool: a binding, or a member path on `this` in one method. */
  variable: PoolBinding;
  name: string;
  /** The function (or module) whose body holds the disposal scope. */
  fn: FunctionNode | TSESTree.Program;
  /** Offsets: code in [scopeStart, scopeEnd) runs while the pool is alive. */
  scopeStart: number;
  scopeEnd: number;
  /** Offset from which code runs after the disposal point. */
  disposedFrom: number;
  /** The node whose end is the disposal point (a block, a loop body, a `try`). */
  scopeNode: TSESTree.Node;
  /** Where and how the pool dies, for messages: `line 12, end of the 'await using' block`. Made when a message asks. */
  disposal: () => string;
  /** Kind 4 only: the close call, judged by code paths instead of source order. */
  close?: CloseCall;
  /** Kind 5 only: the callback's promise is awaited by the factory, so returning a consuming promise is fine. */
  awaitsReturnedPromise: boolean;
  /** What disposes it: the dispose calls (kinds 2 and 4) or the `using` declaration (kind 1); what its close does comes from them. */
  disposedBy?: readonly TSESTree.CallExpression[] | TSESTree.VariableDeclaration;
}

/** The scope of a pool that dies at the end of `node`: all of `node`. */
export function scopeOf(node: TSESTree.Node): Pick<Pool, 'scopeStart' | 'scopeEnd' | 'disposedFrom' | 'scopeNode'> {
  return { scopeStart: node.range[0], scopeEnd: node.range[1], disposedFrom: node.range[1], scopeNode: node };
}

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

function collectUsingPools(
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
      const variable = ASTUtils.findVariable(sourceCode.getScope(target), target);
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

/** A dispose call and what it disposes: a binding, or a member path on `this`. */
export interface DisposeCall {
  call: TSESTree.CallExpression;
  target: TSESTree.Identifier | TSESTree.MemberExpression;
}

/** Promise methods a close may be chained with and still be the statement's close (rule 19). */
const CLOSE_HANDLERS = new Set(['catch', 'finally', 'then']);

/** `new Promise((resolve) => conn.end(resolve))`, or with a block of that one statement: the call the executor makes. */
export function closeInExecutor(promise: TSESTree.NewExpression): TSESTree.CallExpression | undefined {
  const [executor] = promise.arguments;
  if (promise.callee.type !== AST_NODE_TYPES.Identifier || promise.callee.name !== 'Promise' || !executor || !isFunction(executor)) return undefined;
  const body = executor.body;
  const [only] = body.type === AST_NODE_TYPES.BlockStatement ? body.body : [];
  const expression =
    body.type !== AST_NODE_TYPES.BlockStatement ? body : only?.type === AST_NODE_TYPES.ExpressionStatement && body.body.length === 1 ? only.expression : undefined;
  const call = expression ? innerValueNode(expression) : undefined;
  return call?.type === AST_NODE_TYPES.CallExpression ? call : undefined;
}

/** For `p.close().catch(f)` (any depth of `catch`/`finally`/`then`): `p.close()`; else the call itself. */
function closeUnderHandlers(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const callee = innerValueNode(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !CLOSE_HANDLERS.has(memberName(callee) ?? '')) return current;
    const object = innerValueNode(callee.object);
    if (object.type !== AST_NODE_TYPES.CallExpression) return current;
    current = object;
  }
}

/** mysql2's `conn.promise()` wraps the connection it is called on: `conn.promise().end()` ends `conn`. */
function promiseWrapped(target: TSESTree.Node): TSESTree.Node {
  if (target.type !== AST_NODE_TYPES.CallExpression || target.arguments.length > 0) return target;
  const callee = innerValueNode(target.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'promise' ? innerValueNode(callee.object) : target;
}

/** `p.close()`, `await p.end()`, `void p.end()`, `p?.release()`, `p[Symbol.asyncDispose]()`: the call and `p`. */
function disposeCallIn(
  expression: TSESTree.Expression,
  settings: Settings,
  sourceCode?: Readonly<TSESLint.SourceCode>,
): DisposeCall | undefined {
  const direct = directDisposeCallIn(expression, settings);
  if (direct || !sourceCode) return direct;
  // `await disconnect(conn)`, `conn.end.bind(conn)()`: a local helper or a bound close (rule 16).
  let inner = innerValueNode(expression);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') inner = innerValueNode(inner.argument);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = innerValueNode(inner.argument);
  return inner.type === AST_NODE_TYPES.CallExpression ? helperDisposeCall(closeUnderHandlers(inner), sourceCode, settings) : undefined;
}

function directDisposeCallIn(expression: TSESTree.Expression, settings: Settings): DisposeCall | undefined {
  let inner = innerValueNode(expression);
  if (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') inner = innerValueNode(inner.argument);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = innerValueNode(inner.argument);
  // `await new Promise((resolve) => conn.end(resolve))`: a callback close made a promise.
  if (inner.type === AST_NODE_TYPES.NewExpression) inner = closeInExecutor(inner) ?? inner;
  if (inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  // `await p.close().catch(f)`, `p.end().finally(f)`, `p.close().then(f)`: the close is the chain's first call.
  inner = closeUnderHandlers(inner);
  // `methodCall`'s question, asked of every expression statement without making its answer's object.
  const callee = innerValueNode(inner.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  if (name === undefined || !settings.disposeMethods.has(name)) return undefined;
  const target = promiseWrapped(innerValueNode(callee.object));
  if (target.type === AST_NODE_TYPES.Identifier) return { call: inner, target };
  // `this.client.close()`: a pool held on `this`, in a class method.
  return target.type === AST_NODE_TYPES.MemberExpression && thisPath(target) !== undefined ? { call: inner, target } : undefined;
}

/** An arrow whose expression body disposes a binding: `() => db.close()`. */
export function disposeCallOfArrow(arrow: TSESTree.ArrowFunctionExpression, settings: Settings): DisposeCall | undefined {
  return arrow.body.type === AST_NODE_TYPES.BlockStatement ? undefined : disposeCallIn(arrow.body, settings);
}

/** A statement that disposes a binding: `await pool.close();` (with `sourceCode`, also through a local helper). */
export function disposeCallOf(
  statement: TSESTree.Statement,
  settings: Settings,
  sourceCode?: Readonly<TSESLint.SourceCode>,
): DisposeCall | undefined {
  return statement.type === AST_NODE_TYPES.ExpressionStatement ? disposeCallIn(statement.expression, settings, sourceCode) : undefined;
}

/** `if (client) client.release()`, `client && client.release()`: a dispose call of the binding the guard tests for. */
function existenceGuardedDispose(statement: TSESTree.Statement, settings: Settings): DisposeCall | undefined {
  const guard = existenceGuarded(statement);
  if (!guard) return undefined;
  for (const expression of guard.guarded) {
    const dispose = disposeCallIn(expression, settings);
    if (dispose && holderKey(dispose.target) === guard.name) return dispose;
  }
  return undefined;
}

/** `if (runner !== this.runner) await runner.release()` in a `finally`: a dispose call under an ownership guard (rule 18). */
function ownershipGuardedDispose(
  guard: TSESTree.Statement,
  statement: TSESTree.TryStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
): DisposeCall | undefined {
  if (guard.type !== AST_NODE_TYPES.IfStatement) return undefined;
  for (const expression of ownershipGuarded(guard, statement, sourceCode) ?? []) {
    const dispose = disposeCallIn(expression, settings);
    if (dispose) return dispose;
  }
  return undefined;
}

function collectFinallyPools(
  statement: TSESTree.TryStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  into: Pool[],
): void {
  const finalizer = statement.finalizer;
  if (!finalizer) return;
  const fn = enclosingFunction(statement);
  // Only top-level statements of the finally block dispose unconditionally, or under an existence guard.
  for (const inner of finalizer.body) {
    const dispose = disposeCallOf(inner, settings, sourceCode) ?? existenceGuardedDispose(inner, settings) ?? ownershipGuardedDispose(inner, statement, sourceCode, settings);
    if (!dispose) continue;
    const variable = bindingOf(dispose.target, sourceCode);
    if (!variable) continue;
    into.push({
      kind: 'finally',
      variable,
      name: variable.name,
      fn,
      scopeStart: statement.range[0],
      scopeEnd: inner.range[0],
      disposedFrom: inner.range[1],
      scopeNode: statement,
      disposal: () => `line ${String(dispose.call.loc.start.line)}, ${excerpt(dispose.call, sourceCode)} in finally`,
      awaitsReturnedPromise: false,
      disposedBy: [dispose.call],
    });
  }
}

/** Whether `node` lies inside a `finally` block of its own function (error-path or kind-2 cleanup). */
export function isInsideFinally(node: TSESTree.Node): boolean {
  for (let current = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunction(parent)) return false;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
  }
  return false;
}

/** Whether some code path leads from `node` to one of the closes (the pool still gets closed after it). */
export function closeFollows(close: CloseCall, node: TSESTree.Node): boolean {
  return close.tracker.firstAhead(node, close.calls, 0).length > 0;
}

/** How many closes a message names; the others are counted. */
const NAMED_CLOSES = 3;

/** `line 3, db.close(); line 5, db.close()`: the first few of the closes, then `and others` when there are more. */
export function listCloses(descriptions: readonly string[], more = descriptions.length > NAMED_CLOSES): string {
  return descriptions.slice(0, NAMED_CLOSES).join('; ') + (more ? '; and others' : '');
}

/**
 * Where and how the pool dies, as seen from `node`: for explicit closes, the
 * ones a path leads from to `node` (or, for a value leaving before them, the
 * ones ahead of it). Each is looked up in a labeling of the code paths made
 * once per pool, so a report costs the same however many closes there are.
 */
export function disposalSeenFrom(pool: Pool, node: TSESTree.Node): string {
  const close = pool.close;
  if (!close) return pool.disposal();
  const reaching = close.tracker.firstReaching(close.calls, node, close.barriers, NAMED_CLOSES);
  const named = reaching.length > 0 ? reaching : close.tracker.firstAhead(node, close.calls, NAMED_CLOSES);
  if (named.length === 0) return pool.disposal();
  return listCloses(
    named.map((index) => close.descriptions()[index] ?? ''),
    named.length > NAMED_CLOSES,
  );
}

/** Methods that open a closed pool again (rule 9): after them the binding holds a pool with a new life. */
// Mongoose's `conn.setClient(client)` hands a closed connection a new client, as `openUri` does.
const REOPEN_METHODS = new Set(['connect', 'open', 'openUri', 'reconnect', 'setClient']);

/** `await conn.openUri(uri)`, `client.connect()`: the calls that reopen the binding's pool. */
export function reopenCalls(variable: PoolBinding): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const member = outerValueNode(reference.identifier).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || innerValueNode(member.object) !== reference.identifier) continue;
    const call = outerValueNode(member).parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || innerValueNode(call.callee) !== member) continue;
    const method = methodCall(call);
    if (method && REOPEN_METHODS.has(method.name)) calls.push(call);
  }
  return calls;
}

/** A dispose call with the statement it makes (or an arrow's expression body: `() => db.close()`). */
type Close = DisposeCall & { statement: TSESTree.ExpressionStatement | TSESTree.Expression };

/** Kind 4: `await pool.close()` as a statement outside any `finally`; all closes of a binding in a function make one pool. */
function collectClosePools(
  closes: readonly Close[],
  tracker: CodePathTracker,
  sourceCode: Readonly<TSESLint.SourceCode>,
  into: Pool[],
): void {
  const groups = new Map<PoolBinding, Map<TSESTree.Node, Close[]>>();
  for (const close of closes) {
    const variable = bindingOf(close.target, sourceCode);
    if (!variable) continue;
    const byFunction = groups.get(variable) ?? new Map<TSESTree.Node, Close[]>();
    groups.set(variable, byFunction);
    const fn = enclosingFunction(close.statement);
    const group = byFunction.get(fn);
    if (group) group.push(close);
    else byFunction.set(fn, [close]);
  }
  for (const [variable, byFunction] of groups) {
    // Found once per binding: every function that closes it shares them.
    const writes = variable.references.filter((reference) => reference.isWrite()).map((reference) => reference.identifier);
    const reopens = reopenCalls(variable);
    for (const [, group] of byFunction) {
      const [first] = group;
      if (!first) continue;
      const fn = enclosingFunction(first.statement);
      const body = fn.type === AST_NODE_TYPES.Program ? fn : fn.body;
      // The block that declares the pool (a loop body, say) runs its closes as surely as the function body.
      const definition = variable.defs[0];
      const home = definition?.type === TSESLint.Scope.DefinitionType.Variable ? definition.parent.parent : undefined;
      // For messages: most closes meet no lazy value, and are never named.
      const descriptions = lazily(() =>
        group.map((close) => `line ${String(close.call.loc.start.line)}, ${excerpt(close.call, sourceCode)}`),
      );
      into.push({
        kind: 'close',
        variable,
        name: variable.name,
        fn,
        scopeStart: body.range[0],
        scopeEnd: first.statement.range[0],
        disposedFrom: first.statement.range[1],
        scopeNode: first.statement,
        disposal: () => listCloses(descriptions()),
        close: {
          calls: group.map((close) => close.call),
          descriptions,
          unconditional: group.some((close) => close.statement === body || close.statement.parent === body || close.statement.parent === home),
          tracker,
          barriers: writes,
          reopens,
        },
        awaitsReturnedPromise: false,
        disposedBy: group.map((close) => close.call),
      });
    }
  }
}

/** Kind 5: `withPool(8, async (pool) => …)`, `resources.use(async (client) => …)` from the `scopedFactories` option. */
export function isScopedFactoryCall(call: TSESTree.CallExpression, settings: Settings): boolean {
  const callee = call.callee;
  const last =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : undefined;
  if (last === undefined || !settings.scopedFactoryLastNames.has(last)) return false;
  const path = calleePath(callee);
  if (path === undefined) return false;
  if (settings.scopedFactoryNames.has(path)) return true;
  const method = methodCall(call);
  if (!method) return false;
  const object = calleePath(method.member.object);
  return settings.scopedFactoryMethods.some((entry) => entry.method === method.name && entry.object === object);
}

function collectFactoryPools(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>, into: Pool[]): void {
  let callback: FunctionNode | undefined;
  for (const argument of call.arguments) if (isFunction(argument)) callback = argument;
  const parameter = callback?.params[0];
  if (!callback || parameter?.type !== AST_NODE_TYPES.Identifier) return;
  const variable = sourceCode.getDeclaredVariables(callback).find((candidate) => candidate.name === parameter.name);
  if (!variable) return;
  const name = calleePath(call.callee) ?? 'factory';
  into.push({
    kind: 'factory',
    variable,
    name: variable.name,
    fn: callback,
    ...scopeOf(callback),
    disposal: () => `line ${String(callback.loc.end.line)}, when the '${name}' callback ${callback.async ? 'settles' : 'returns'}`,
    awaitsReturnedPromise: true,
  });
}

export interface PoolCandidates {
  usingDeclarations: TSESTree.VariableDeclaration[];
  tryStatements: TSESTree.TryStatement[];
  closes: Close[];
  factoryCalls: TSESTree.CallExpression[];
}

export function hasCandidates(candidates: PoolCandidates): boolean {
  return (
    candidates.usingDeclarations.length > 0 ||
    candidates.tryStatements.length > 0 ||
    candidates.closes.length > 0 ||
    candidates.factoryCalls.length > 0
  );
}

/** Every pool of the file, from the candidates the rule collected while traversing. */
export function findPools(
  candidates: PoolCandidates,
  tracker: CodePathTracker,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
): Pool[] {
  const pools: Pool[] = [];
  for (const declaration of candidates.usingDeclarations) collectUsingPools(declaration, sourceCode, settings, pools);
  for (const statement of candidates.tryStatements) collectFinallyPools(statement, sourceCode, settings, pools);
  collectClosePools(candidates.closes, tracker, sourceCode, pools);
  for (const call of candidates.factoryCalls) collectFactoryPools(call, sourceCode, pools);
  return pools;
}
