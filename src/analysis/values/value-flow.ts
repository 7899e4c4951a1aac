/**
 * Follows a lazy value from where it is made to everywhere it goes: through
 * `await`, combinators, aliases (`const b = a`, `r = it`, `r ??= it`),
 * containers (`{ rows: it }`, `[it]`), functions created in the scope that
 * return it, up to the places that consume it or let it leave the scope.
 * What it reports is in `flow-events.ts`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, memberName, methodCall, outerValueNode } from '../core/ast.js';
import { closingCallOf } from '../timing/closed-iterators.js';
import { BODY_PROPERTIES, CURSOR_BUILDERS, takesArray, useOf } from './consumptions.js';
import { runSteps, type Step } from '../core/deep-recursion.js';
import { callsOf, generatorsAround } from '../core/function-calls.js';
import type { Pool } from '../pools/pools.js';
import type { TypeOracle } from '../core/types.js';
import { overwrittenBy } from '../core/overwritten-writes.js';
import { wrapperOf } from './wrappers.js';
import { takesAnyValue } from './array-types.js';
import { after, holderReads, readsBefore } from './binding-reads.js';
import type { FlowContext, FlowEvent, Reshaped } from './flow-events.js';
import { inLoop, isDeclaredOutsideScope, isExportedBinding, isExportedDeclarator, isInScopeOfPoolFunction } from './scope-relations.js';
import { followPromise, isAwaitedByChain, resolvedPromiseOf, thenStepOf } from './promise-chains.js';
import { variableOf } from '../core/variables.js';

interface Walker {
  pool: Pool;
  sourceCode: Readonly<TSESLint.SourceCode>;
  lazyFunctions: ReadonlySet<string>;
  types: TypeOracle | undefined;
  events: FlowEvent[];
  visitedVariables: Set<TSESLint.Scope.Variable>;
  visitedNodes: Set<TSESTree.Node>;
  /** Record `otherUse` events: for a suggestion that replaces the value with an array. */
  detailed: boolean;
  /** The value as made is a thenable (an ORM's query): a promise chain that gets it awaits it. */
  thenableSource: boolean;
}

/** Follow every read of a binding that now holds the value. */
function* followBinding(
  variable: TSESLint.Scope.Variable,
  write: TSESTree.Node,
  initializer: TSESTree.Node,
  context: FlowContext,
  walker: Walker,
  /** A `.then` callback's parameter: a binding of its own, made where the value arrives. */
  parameter = false,
): Step<void> {
  if (walker.visitedVariables.has(variable)) return;
  walker.visitedVariables.add(variable);
  if (walker.detailed && (parameter || !takesAnyValue(variable, write))) walker.events.push({ kind: 'otherUse', node: write, ...context });
  const written = { variable, node: write };
  let next: FlowContext = {
    ...context,
    lastWrite: written,
    inLoops: inLoop(write, walker.pool) ? [...context.inLoops, written] : context.inLoops,
  };
  // `r = a(); r = b();`: the value is gone before anything but `b()` runs, and reads after the second write see another.
  const overwrite = parameter ? undefined : overwrittenBy(write, variable);
  if (!parameter && isDeclaredOutsideScope(variable, walker.pool)) {
    if (!overwrite) walker.events.push({ kind: 'outerWrite', node: write, variable, ...context });
    next = { ...next, via: [...context.via, { variable, node: write }] };
  }
  if (write.type === AST_NODE_TYPES.VariableDeclarator && isExportedDeclarator(write)) {
    walker.events.push({ kind: 'export', node: initializer, ...next });
  } else if (isExportedBinding(variable)) {
    // `export let saved;` … `saved = pool.iterate()`: importers read it after the module's pools are gone.
    walker.events.push({ kind: 'export', node: write, ...next });
  }
  if (overwrite) {
    for (const identifier of readsBefore(variable, overwrite)) yield follow(identifier, next, walker);
    return;
  }
  for (const reference of variable.references) {
    const identifier = reference.identifier;
    if (identifier.parent.type === AST_NODE_TYPES.ExportSpecifier) {
      walker.events.push({ kind: 'export', node: identifier, ...next });
      continue;
    }
    if (reference.isRead()) yield follow(identifier, next, walker);
  }
}

function* onReturn(returned: TSESTree.Node, context: FlowContext, walker: Walker): Step<void> {
  const fn = enclosingFunction(returned);
  if (fn === walker.pool.fn || fn.type === AST_NODE_TYPES.Program || fn.generator) {
    walker.events.push({ kind: 'return', node: returned, fn, ...context });
    return;
  }
  // `.then(() => coll.find())`: the step's promise resolves to the value, unless the chain awaits it (a query).
  const step = thenStepOf(fn);
  if (step) {
    if (context.promised === true) {
      yield follow(step, context, walker);
      return;
    }
    const unchanged = context.reshaped === undefined && !context.container && context.wrapped !== true;
    if (isAwaitedByChain(returned, walker.thenableSource, unchanged, walker.types)) return;
    if (walker.detailed) walker.events.push({ kind: 'otherUse', node: returned, ...context });
    yield follow(step, { ...context, promised: true }, walker);
    return;
  }
  const calls = callsOf(fn, walker.sourceCode);
  if (!calls || calls.length === 0) {
    walker.events.push({ kind: 'return', node: returned, fn, ...context });
    return;
  }
  for (const call of calls) yield follow(call, context, walker);
}

/** The body key a destructuring pattern takes (`{ body }`, `{ Body: stream }`), if any. */
function bodyKeyOf(pattern: TSESTree.ObjectPattern): string | undefined {
  for (const property of pattern.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : undefined;
    if (key !== undefined && BODY_PROPERTIES.has(key)) return key;
  }
  return undefined;
}

/** The key an object-literal property is stored under. */
function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
  return undefined;
}

/**
 * `holder.rows = it`: a local holder becomes a container; a holder that outlives
 * the scope (`this`, an outer binding) carries the value out, and its later
 * reads of the same property in this function are followed.
 */
function* followStore(
  assignment: TSESTree.AssignmentExpression,
  target: TSESTree.MemberExpression,
  context: FlowContext,
  walker: Walker,
): Step<void> {
  // A property's declared type may not take an array.
  if (walker.detailed) walker.events.push({ kind: 'otherUse', node: assignment, ...context });
  const key = memberName(target);
  const root = target.object;
  const variable = root.type === AST_NODE_TYPES.Identifier ? resolve(root, walker) : undefined;
  if (variable && !isDeclaredOutsideScope(variable, walker.pool)) {
    const reads = holderReads(variable);
    const container = { ...context, container: true, containerKey: key };
    // Reads of another property give nothing back: only whole uses and reads of this key are followed.
    const followed =
      key === undefined
        ? after(reads.all, assignment)
        : [...after(reads.whole, assignment), ...after(reads.byValueKey.get(key) ?? [], assignment)].sort((a, b) => a.range[0] - b.range[0]);
    for (const identifier of followed) yield follow(identifier, container, walker);
    return;
  }
  walker.events.push({ kind: 'storeProperty', node: assignment, target, ...context });
  if (!variable || key === undefined) return;
  const write = { variable, node: assignment };
  const next: FlowContext = {
    ...context,
    via: [...context.via, write],
    lastWrite: write,
    inLoops: inLoop(assignment, walker.pool) ? [...context.inLoops, write] : context.inLoops,
  };
  for (const identifier of after(holderReads(variable).byDirectKey.get(key) ?? [], assignment)) {
    yield follow(identifier.parent, next, walker);
  }
}

/** The binding `identifier` names, from its scope (a lookup by name, not a search of the scope's references). */
function resolve(identifier: TSESTree.Identifier, walker: Walker): TSESLint.Scope.Variable | undefined {
  return variableOf(identifier, walker.sourceCode) ?? undefined;
}

/** `const { rows } = holder`, `const [first] = [it]`: the bindings that receive the held iterator. */
function* followDestructured(
  pattern: TSESTree.Node,
  write: TSESTree.VariableDeclarator | TSESTree.AssignmentExpression,
  context: FlowContext,
  walker: Walker,
): Step<void> {
  const plain: FlowContext = { ...context, container: false, containerKey: undefined };
  const targets: (TSESTree.Node | null | undefined)[] = [];
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = propertyKey(property);
      if (context.containerKey === undefined || key === context.containerKey) targets.push(property.value);
    }
  } else if (pattern.type === AST_NODE_TYPES.ArrayPattern) {
    pattern.elements.forEach((element, index) => {
      if (context.containerKey === undefined || String(index) === context.containerKey) targets.push(element);
    });
  }
  for (const target of targets) {
    if (target?.type !== AST_NODE_TYPES.Identifier) continue;
    const variable =
      write.type === AST_NODE_TYPES.VariableDeclarator
        ? walker.sourceCode.getDeclaredVariables(write).find((candidate) => candidate.name === target.name)
        : resolve(target, walker);
    if (variable) yield followBinding(variable, write, target, plain, walker);
  }
}

function* follow(node: TSESTree.Node, context: FlowContext, walker: Walker): Step<void> {
  if (walker.visitedNodes.has(node)) return;
  walker.visitedNodes.add(node);
  const value = outerValueNode(node);
  const parent = value.parent;
  if (!parent) return;
  if (context.promised === true) {
    yield followPromise(value, parent, context, walker, { follow, followBinding, onReturn, resolve });
    return;
  }
  // `Promise.resolve(it)`: a promise of the value, not a use of it.
  const resolved = resolvedPromiseOf(value);
  if (resolved) {
    if (walker.detailed) walker.events.push({ kind: 'otherUse', node: value, ...context });
    yield follow(resolved, { ...context, promised: true }, walker);
    return;
  }
  // A value made as a callback's parameter (`http.get(url, { agent }, (res) => …)`): a binding of its own.
  if (value.type === AST_NODE_TYPES.Identifier && isFunction(parent) && parent.params.includes(value)) {
    const variable = walker.sourceCode.getDeclaredVariables(parent).find((candidate) => candidate.name === value.name);
    if (variable) yield followBinding(variable, value, value, context, walker, true);
    return;
  }
  const lastWrite = context.lastWrite;
  const afterWrite = !lastWrite || value.range[0] > lastWrite.node.range[0];
  if (!context.container && !context.wrapped && afterWrite && isInScopeOfPoolFunction(value, walker.pool)) {
    context = { ...context, head: value };
  }
  // A wrapper reads the value later, when it is read itself: follow the wrapper.
  const wrapper = context.container ? undefined : wrapperOf(value, walker.types);
  if (wrapper) {
    if (walker.detailed) walker.events.push({ kind: 'otherUse', node: wrapper.node, ...context });
    const opaque = wrapper.opaque || context.wrapped === true;
    const next = { ...context, generatorObject: false, wrapped: opaque, head: opaque ? undefined : context.head, reshaped: 'async' as const };
    yield follow(wrapper.node, next, walker);
    return;
  }

  // Reading the holding key of a container gives the iterator back.
  if (context.container && parent.type === AST_NODE_TYPES.MemberExpression && parent.object === value) {
    if (context.containerKey === undefined || memberName(parent) === context.containerKey) {
      yield follow(parent, { ...context, container: false, containerKey: undefined }, walker);
    }
    return;
  }

  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init === value && context.container && parent.id.type !== AST_NODE_TYPES.Identifier) {
        yield followDestructured(parent.id, parent, context, walker);
        return;
      }
      // `const { body } = await request(url, { dispatcher })`: the body is the value read through the pool.
      const body = parent.init === value && parent.id.type === AST_NODE_TYPES.ObjectPattern ? bodyKeyOf(parent.id) : undefined;
      if (body !== undefined) {
        yield followDestructured(parent.id, parent, { ...context, containerKey: body }, walker);
        return;
      }
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) break;
      for (const variable of walker.sourceCode.getDeclaredVariables(parent)) {
        yield followBinding(variable, parent, value, context, walker);
      }
      return;
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== value) break;
      if (parent.left.type === AST_NODE_TYPES.Identifier) {
        const variable = resolve(parent.left, walker);
        if (variable) yield followBinding(variable, parent, value, context, walker);
        yield follow(parent, context, walker);
        return;
      }
      if (parent.left.type === AST_NODE_TYPES.MemberExpression) {
        yield followStore(parent, parent.left, context, walker);
        return;
      }
      if (context.container) {
        yield followDestructured(parent.left, parent, context, walker);
        return;
      }
      break;
    }
    case AST_NODE_TYPES.ArrayExpression:
      yield follow(parent, { ...context, container: true, containerKey: String(parent.elements.indexOf(value as TSESTree.Expression)) }, walker);
      return;
    case AST_NODE_TYPES.Property:
      if (parent.value === value && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
        yield follow(parent.parent, { ...context, container: true, containerKey: propertyKey(parent) }, walker);
      }
      return;
    case AST_NODE_TYPES.ReturnStatement:
      yield onReturn(value, context, walker);
      return;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      if (parent.body === value) yield onReturn(value, context, walker);
      return;
    case AST_NODE_TYPES.ExportDefaultDeclaration:
      walker.events.push({ kind: 'export', node: value, ...context });
      return;
    default:
      break;
  }
  // A container may go anywhere but a statement of its own: whatever gets it may read the value from it.
  const usedOtherwise = context.container ? parent.type !== AST_NODE_TYPES.ExpressionStatement : !takesArray(value);
  if (walker.detailed && usedOtherwise) walker.events.push({ kind: 'otherUse', node: value, ...context });
  const close = closingCallOf(value);
  if (close) walker.events.push({ kind: 'close', node: close, ...context });
  const use = useOf(value, walker.lazyFunctions);
  if (use.kind === 'consumeAndLazy') {
    walker.events.push({ kind: 'consume', node: use.node, value, form: use.form, ...context });
    yield follow(use.node, { ...context, reshaped: 'async' }, walker);
  } else if (use.kind === 'consume') {
    walker.events.push({ kind: 'consume', node: use.node, value, form: use.form, ...context });
    // A generator that pulls from the iterator makes generator objects that are lazy in turn.
    for (const generator of generatorsAround(use.node, walker.pool.fn)) {
      const reshaped = generator.async ? 'async' : 'sync';
      for (const call of callsOf(generator, walker.sourceCode) ?? []) {
        yield follow(call, { ...context, generatorObject: true, reshaped }, walker);
      }
    }
  } else if (use.kind === 'lazy') {
    const sameObject = use.node.type === AST_NODE_TYPES.AwaitExpression || use.node.type === AST_NODE_TYPES.TSNonNullExpression;
    const next = sameObject ? context : { ...context, generatorObject: false, reshaped: reshapedBy(use.node, context.reshaped) };
    yield follow(use.node, next, walker);
  }
}

/** What a lazy use (a combinator, a lazy function's call, a conditional) makes of the value. */
function reshapedBy(node: TSESTree.Node, before: Reshaped | undefined): Reshaped | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression) return before;
  const method = methodCall(node)?.name;
  if (method === undefined) return 'async';
  if (CURSOR_BUILDERS.has(method) || method === 'setEncoding') return before;
  if (method === 'stream') return 'readable';
  if (method === '[Symbol.iterator]' || method === '[Symbol.asyncIterator]') return 'iterator';
  return before === 'async' || before === 'sync' ? before : 'helper';
}

/**
 * Everything that happens to the lazy value made at `start`. `poolItself`:
 * only its direct use counts. `visited` receives every node the flow reached.
 * `detailed`: also record the uses that need more than an iterable (`otherUse`).
 */
export function followLazyValue(
  start: TSESTree.Node,
  poolItself: boolean,
  pool: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
  lazyFunctions: ReadonlySet<string>,
  types: TypeOracle | undefined,
  visited: Set<TSESTree.Node> = new Set(),
  detailed = false,
  thenableSource = false,
): FlowEvent[] {
  const walker: Walker = {
    detailed,
    thenableSource,
    pool,
    sourceCode,
    lazyFunctions,
    types,
    events: [],
    visitedVariables: new Set(),
    visitedNodes: visited,
  };
  const context: FlowContext = { via: [], inLoops: [], container: false };
  if (poolItself) {
    const use = useOf(outerValueNode(start), lazyFunctions);
    if (use.kind === 'consume') {
      walker.events.push({ kind: 'consume', node: use.node, value: outerValueNode(start), form: use.form, ...context });
    }
    return walker.events;
  }
  runSteps(follow(start, context, walker));
  return walker.events;
}
