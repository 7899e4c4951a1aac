/**
 * Rule 16, the helpers that read or return a pool's lazy values: a function
 * declared in the file (a declaration, or a `const` bound to a function) given
 * the pool or a value reached from it, that returns a lazy value made from
 * that parameter (`function rowsOf(c) { return c.query(new QueryStream(sql)) }`)
 * or reads one (`function findDocuments(db, cb) { db.collection('d').find({}).toArray(cb) }`).
 * At its call, the first makes a lazy value of the caller's pool; the second
 * reads one there: a started consumption when the helper does not wait for
 * the end of its reading, else an asynchronous consumption the caller awaits.
 *
 * Each helper is summarised once per parameter, the first time a call of it
 * is met: the values made from the parameter are found and followed inside
 * the helper as for a pool that lives until the helper returns. One level:
 * the helper's own calls of helpers are not followed.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { contains, innerValueNode, memberName, methodCall, outerValueNode, type FunctionNode } from '../core/ast.js';
import { functionOfBinding } from '../core/function-calls.js';
import type { Settings } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { scopeOf, type Pool } from '../pools/pools.js';
import { asyncConsumerOf, isSettledBeforeDisposal } from '../timing/awaiting.js';
import type { FlowEvent } from '../values/flow-events.js';
import type { HelperCalls, HelperValue } from '../values/helper-values.js';
import { valueTraits } from '../values/lazy-sources.js';
import { walkReached } from '../values/reached-from-pool.js';
import type { Collector } from '../values/source-search.js';
import { followLazyValue } from '../values/value-flow.js';
import { startedAt, stillReading } from './started-consumptions.js';
import { variableOf } from '../core/variables.js';

/** The summaries of each helper, by parameter, for one settings object (`null`: nothing to say of that parameter). */
const summaries = new WeakMap<Settings, WeakMap<FunctionNode, Map<number, HelperValue | null>>>();

/** The parameter at `index` as a binding of the helper: `c`, `c = fallback`. */
function parameterAt(fn: FunctionNode, index: number, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | undefined {
  // TypeScript's `this` parameter takes no argument.
  const params = fn.params[0]?.type === AST_NODE_TYPES.Identifier && fn.params[0].name === 'this' ? fn.params.slice(1) : fn.params;
  let parameter: TSESTree.Node | undefined = params[index];
  if (parameter?.type === AST_NODE_TYPES.AssignmentPattern) parameter = parameter.left;
  if (parameter?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const name = parameter.name;
  return sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === name);
}

const PROMISE_STEPS = new Set(['then', 'catch', 'finally']);

/** Whether the promise `call` makes, or a `.then`/`.catch`/`.finally` chain on it, is what its function returns. */
function returnsChainOf(call: TSESTree.CallExpression): boolean {
  let top: TSESTree.Node = outerValueNode(call);
  for (;;) {
    const member = top.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== top || !PROMISE_STEPS.has(memberName(member) ?? '')) break;
    const next = outerValueNode(member).parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== outerValueNode(member)) break;
    top = outerValueNode(next);
  }
  const parent = top.parent;
  return parent?.type === AST_NODE_TYPES.ReturnStatement || (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === top);
}

/** What one consumption in the helper does: reads on after the helper returns, is over in a promise the call returns, or is over. */
function readingAt(
  event: FlowEvent & { kind: 'consume' },
  events: readonly FlowEvent[],
  scope: Pool,
  traits: { asyncSource: boolean; promiseReads: boolean },
  sourceCode: Readonly<TSESLint.SourceCode>,
  types: TypeOracle | undefined,
): 'started' | 'waits' | 'over' {
  const fn = scope.fn as FunctionNode;
  const inScope = (node: TSESTree.Node): boolean => contains(fn.body, node);
  const found = stillReading(event, events, { pool: scope, sourceCode, inScope });
  if (found === 'over') return fn.async ? 'waits' : 'over';
  // `return cursor.toArray().then(cb)`: the helper hands back the promise of its reading's end.
  if (found !== 'notStarted') return returnsChainOf(found.call) ? 'waits' : 'started';
  const consumer = asyncConsumerOf(event.node, scope, traits.asyncSource, sourceCode, types, traits.promiseReads);
  if (!consumer) return fn.async ? 'waits' : 'over';
  if (returnsChainOf(consumer)) return 'waits';
  if (!isSettledBeforeDisposal(consumer, scope, sourceCode)) return 'started';
  // Awaited in an async helper, or returned: the helper's call settles when the reading is over.
  const returned = outerValueNode(consumer).parent;
  const handedBack = returned?.type === AST_NODE_TYPES.ReturnStatement || returned?.type === AST_NODE_TYPES.ArrowFunctionExpression;
  return fn.async || handedBack ? 'waits' : 'over';
}

/** `s.pipe(out)`, `pipeline(s, out, cb)` with `out` a parameter of the helper: its index. */
function destinationParameter(event: FlowEvent & { kind: 'consume' }, fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): number | undefined {
  const destination = startedAt(event.node, event.value, sourceCode)?.destination;
  const inner = destination ? innerValueNode(destination) : undefined;
  if (inner?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const index = fn.params.findIndex((parameter) => parameter.type === AST_NODE_TYPES.Identifier && parameter.name === inner.name);
  const variable = variableOf(inner, sourceCode);
  return index >= 0 && variable?.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter && variable.defs[0].node === fn ? index : undefined;
}

/** `return Model.find(q)`: a cursor-or-query name outside MongoDB's `.db(…)`/`.collection(…)`, lazy only while not awaited (rule 6). */
function resolvesToData(node: TSESTree.Node, collector: Collector): boolean {
  const method = node.type === AST_NODE_TYPES.CallExpression ? methodCall(node)?.name : undefined;
  const { settings } = collector;
  return method !== undefined && settings.cursorOrQueryMethods.has(method) && !settings.alwaysLazyMethods.has(method) && !collector.driverCursors.has(node);
}

/** What the helper does with the lazy values made from its parameter `variable`. */
function summarise(
  fn: FunctionNode,
  variable: TSESLint.Scope.Variable,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
): HelperValue | undefined {
  const collector: Collector = {
    sourceCode,
    settings,
    types,
    pool: variable,
    found: new Map(),
    generatorCalls: new Map(),
    driverCursors: new Set(),
    responses: new Set(),
    submittedBy: new Map(),
    // What the caller's pool is, the helper does not know: only values lazy by their own names count.
    poolDriver: undefined,
    visited: new Set([variable]),
  };
  for (const reference of variable.references) if (reference.isRead()) walkReached(reference.identifier, collector);
  if (collector.found.size === 0) return undefined;
  // The parameter as a pool that lives until the helper returns, whose promise (if any) the caller gets.
  const scope: Pool = { kind: 'using', variable, name: variable.name, fn, ...scopeOf(fn.body), disposal: () => variable.name, awaitsReturnedPromise: true };
  let returned: HelperValue | undefined;
  let waited: HelperValue | undefined;
  for (const node of collector.found.keys()) {
    const traits = valueTraits(node, collector);
    const events = followLazyValue(node, false, scope, sourceCode, settings.lazyFunctions, types);
    for (const event of events) {
      if (event.kind === 'return' && event.fn === fn) {
        returned ??= { kind: 'returns', waits: false, fn, inner: node, traits, awaitEnds: resolvesToData(node, collector) };
      }
      if (event.kind !== 'consume') continue;
      const reading = readingAt(event, events, scope, traits, sourceCode, types);
      // Reading on after the helper returns: the caller's close meets it, whatever else the helper does.
      if (reading === 'started') {
        const destination = destinationParameter(event, fn, sourceCode);
        return { kind: 'reads', waits: false, fn, inner: node, destination, traits: { ...traits, startedWhenMade: false } };
      }
      if (reading === 'waits') waited ??= { kind: 'reads', waits: true, fn, inner: node, traits: { ...traits, startedWhenMade: false } };
    }
  }
  return returned ?? waited;
}

/** What a call of the helper `fn` makes of its argument at `index`: found once per helper and parameter. */
function summaryOf(
  fn: FunctionNode,
  index: number,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
): HelperValue | undefined {
  let byFunction = summaries.get(settings);
  if (!byFunction) {
    byFunction = new WeakMap();
    summaries.set(settings, byFunction);
  }
  let byParam = byFunction.get(fn);
  if (!byParam) {
    byParam = new Map();
    byFunction.set(fn, byParam);
  }
  let known = byParam.get(index);
  if (known === undefined) {
    const variable = parameterAt(fn, index, sourceCode);
    known = (variable && summarise(fn, variable, sourceCode, settings, types)) ?? null;
    byParam.set(index, known);
  }
  return known ?? undefined;
}

/** The local helper a call calls: a function declared in the file, called by its name from outside itself. */
export function localHelperOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): FunctionNode | undefined {
  const callee = innerValueNode(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(callee, sourceCode);
  const fn = variable ? functionOfBinding(variable) : undefined;
  // A generator's call makes a generator object (lazy-sources.ts); a helper calling itself is a deeper level.
  return fn && !fn.generator && !contains(fn, call) ? fn : undefined;
}

/** What the search for a pool's values asks at a call given a value reached from the pool. */
export function helperCallsOf(sourceCode: Readonly<TSESLint.SourceCode>, settings: Settings, types: TypeOracle | undefined): HelperCalls {
  return (call, argument) => {
    const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
    if (index < 0) return undefined;
    const fn = localHelperOf(call, sourceCode);
    const made = fn ? summaryOf(fn, index, sourceCode, settings, types) : undefined;
    // `await findAll(Model)`: the ORM's query, awaited, is its rows.
    if (made?.awaitEnds === true && outerValueNode(call).parent?.type === AST_NODE_TYPES.AwaitExpression) return undefined;
    return made;
  };
}

/** Whether the call of a local helper makes or reads a lazy value of one of its arguments: the first rule's to judge. */
export function makesLazyValue(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
  settings: Settings,
  types: TypeOracle | undefined,
  kinds: ReadonlySet<HelperValue['kind']>,
): boolean {
  const fn = localHelperOf(call, sourceCode);
  if (!fn) return false;
  return call.arguments.some((argument, index) => {
    if (argument.type === AST_NODE_TYPES.SpreadElement) return false;
    const made = summaryOf(fn, index, sourceCode, settings, types);
    return made !== undefined && kinds.has(made.kind);
  });
}
