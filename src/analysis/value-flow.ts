/**
 * Follows a lazy value from where it is made to everywhere it goes: through
 * `await`, combinators, aliases (`const b = a`, `r = it`, `r ??= it`),
 * containers (`{ rows: it }`, `[it]`), functions created in the scope that
 * return it, up to the places that consume it or let it leave the scope.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { ancestors, contains, enclosingFunction, isLoop, memberName, outerValueNode, type FunctionNode } from './ast.js';
import { closingCallOf } from './closed-iterators.js';
import { useOf, type ConsumptionForm } from './consumptions.js';
import { runSteps, type Step } from './deep-recursion.js';
import { callsOf, generatorsAround } from './function-calls.js';
import type { Pool } from './pools.js';
import type { TypeOracle } from './types.js';
import { overwrittenBy } from './overwritten-writes.js';
import { wrapperOf } from './wrappers.js';

/** A write that moved the value into a binding. */
export interface BindingWrite {
  variable: TSESLint.Scope.Variable;
  /** The assignment or declarator that wrote it. */
  node: TSESTree.Node;
}

interface FlowContext {
  /** The writes to outer bindings the value passed through, outermost last. */
  via: readonly BindingWrite[];
  /** Set when the value is a container (`{ rows: it }`): the key that holds the iterator, or `undefined` for arrays. */
  containerKey?: string | undefined;
  container: boolean;
  /** The last write to any binding on the way: a later write to it replaces the value. */
  lastWrite?: BindingWrite | undefined;
  /** The value is now a generator object pulling from the iterator: stopping a loop over it finishes it. */
  generatorObject?: boolean;
  /** Every write to a binding on the way, in a loop that may carry the value into a later iteration. */
  inLoops: readonly BindingWrite[];
  /** The last expression inside the disposal scope, in the pool's function, that holds the iterator itself. */
  head?: TSESTree.Node | undefined;
  /** The value is now a wrapper (`new Response(stream)`): materializing it as an array would change what it is. */
  wrapped?: boolean;
}

export type FlowEvent =
  | ({ kind: 'consume'; node: TSESTree.Node; value: TSESTree.Node; form: ConsumptionForm } & FlowContext)
  | ({ kind: 'return'; node: TSESTree.Node; fn: FunctionNode | TSESTree.Program } & FlowContext)
  | ({ kind: 'export'; node: TSESTree.Node } & FlowContext)
  | ({ kind: 'outerWrite'; node: TSESTree.Node; variable: TSESLint.Scope.Variable } & FlowContext)
  | ({ kind: 'storeProperty'; node: TSESTree.AssignmentExpression; target: TSESTree.MemberExpression } & FlowContext)
  | ({ kind: 'close'; node: TSESTree.CallExpression } & FlowContext);

interface Walker {
  pool: Pool;
  sourceCode: Readonly<TSESLint.SourceCode>;
  lazyFunctions: ReadonlySet<string>;
  types: TypeOracle | undefined;
  events: FlowEvent[];
  visitedVariables: Set<TSESLint.Scope.Variable>;
  visitedNodes: Set<TSESTree.Node>;
}

function isDeclaredOutsideScope(variable: TSESLint.Scope.Variable, pool: Pool): boolean {
  const definition = variable.defs[0];
  if (!definition) return true;
  // An explicit close has no block: its scope is the whole function before the close.
  if (pool.close) return !contains(pool.fn, definition.name);
  if (!contains([pool.scopeStart, pool.scopeEnd], definition.name)) return true;
  // A `var` declared in an inner block lives on in its function, outside the block.
  const hoisted = definition.type === TSESLint.Scope.DefinitionType.Variable && definition.parent.kind === 'var';
  const body = pool.fn.type === AST_NODE_TYPES.Program ? pool.fn : pool.fn.body;
  return hoisted && pool.scopeNode !== body;
}

/** Whether a loop may lie around `node`: one of its ancestors, or, for a scoped factory's pool, around the factory's call. */
function inLoop(node: TSESTree.Node, pool: Pool): boolean {
  for (const ancestor of ancestors(node)) if (isLoop(ancestor)) return true;
  return pool.kind === 'factory';
}

function isInScopeOfPoolFunction(node: TSESTree.Node, pool: Pool): boolean {
  return contains([pool.scopeStart, pool.scopeEnd], node) && enclosingFunction(node) === pool.fn;
}

function isExportedBinding(variable: TSESLint.Scope.Variable): boolean {
  const definition = variable.defs[0];
  return definition?.type === TSESLint.Scope.DefinitionType.Variable && isExportedDeclarator(definition.node);
}

function isExportedDeclarator(declarator: TSESTree.VariableDeclarator): boolean {
  return declarator.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration;
}

/** Follow every read of a binding that now holds the value. */
function* followBinding(
  variable: TSESLint.Scope.Variable,
  write: TSESTree.Node,
  initializer: TSESTree.Node,
  context: FlowContext,
  walker: Walker,
): Step<void> {
  if (walker.visitedVariables.has(variable)) return;
  walker.visitedVariables.add(variable);
  const written = { variable, node: write };
  let next: FlowContext = {
    ...context,
    lastWrite: written,
    inLoops: inLoop(write, walker.pool) ? [...context.inLoops, written] : context.inLoops,
  };
  // `r = a(); r = b();`: the value is gone before anything but `b()` runs, and reads after the second write see another.
  const overwrite = overwrittenBy(write, variable, walker.sourceCode);
  if (isDeclaredOutsideScope(variable, walker.pool)) {
    if (!overwrite) walker.events.push({ kind: 'outerWrite', node: write, variable, ...context });
    next = { ...next, via: [...context.via, { variable, node: write }] };
  }
  if (write.type === AST_NODE_TYPES.VariableDeclarator && isExportedDeclarator(write)) {
    walker.events.push({ kind: 'export', node: initializer, ...next });
  } else if (isExportedBinding(variable)) {
    // `export let saved;` … `saved = pool.iterate()`: importers read it after the module's pools are gone.
    walker.events.push({ kind: 'export', node: write, ...next });
  }
  for (const reference of variable.references) {
    const identifier = reference.identifier;
    if (identifier.parent.type === AST_NODE_TYPES.ExportSpecifier) {
      walker.events.push({ kind: 'export', node: identifier, ...next });
      continue;
    }
    if (!reference.isRead()) continue;
    if (overwrite && identifier.range[0] >= overwrite.from && enclosingFunction(identifier) === overwrite.fn) continue;
    yield follow(identifier, next, walker);
  }
}

function* onReturn(returned: TSESTree.Node, context: FlowContext, walker: Walker): Step<void> {
  const fn = enclosingFunction(returned);
  if (fn === walker.pool.fn || fn.type === AST_NODE_TYPES.Program || fn.generator) {
    walker.events.push({ kind: 'return', node: returned, fn, ...context });
    return;
  }
  const calls = callsOf(fn, walker.sourceCode);
  if (!calls || calls.length === 0) {
    walker.events.push({ kind: 'return', node: returned, fn, ...context });
    return;
  }
  for (const call of calls) yield follow(call, context, walker);
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
  const key = memberName(target);
  const root = target.object;
  const variable =
    root.type === AST_NODE_TYPES.Identifier
      ? walker.sourceCode.getScope(root).references.find((reference) => reference.identifier === root)?.resolved
      : undefined;
  if (variable && !isDeclaredOutsideScope(variable, walker.pool)) {
    for (const reference of variable.references) {
      if (reference.isRead() && reference.identifier.range[0] > assignment.range[1]) {
        yield follow(reference.identifier, { ...context, container: true, containerKey: key }, walker);
      }
    }
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
  for (const reference of variable.references) {
    const read = reference.identifier.parent;
    if (
      reference.isRead() &&
      reference.identifier.range[0] > assignment.range[1] &&
      read.type === AST_NODE_TYPES.MemberExpression &&
      read.object === reference.identifier &&
      memberName(read) === key
    ) {
      yield follow(read, next, walker);
    }
  }
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
        : walker.sourceCode.getScope(write).references.find((reference) => reference.identifier === target)?.resolved;
    if (variable) yield followBinding(variable, write, target, plain, walker);
  }
}

function* follow(node: TSESTree.Node, context: FlowContext, walker: Walker): Step<void> {
  if (walker.visitedNodes.has(node)) return;
  walker.visitedNodes.add(node);
  const value = outerValueNode(node);
  const parent = value.parent;
  if (!parent) return;
  const lastWrite = context.lastWrite;
  const afterWrite = !lastWrite || value.range[0] > lastWrite.node.range[0];
  if (!context.container && !context.wrapped && afterWrite && isInScopeOfPoolFunction(value, walker.pool)) {
    context = { ...context, head: value };
  }
  // A wrapper reads the value later, when it is read itself: follow the wrapper.
  const wrapper = context.container ? undefined : wrapperOf(value, walker.types);
  if (wrapper) {
    const opaque = wrapper.opaque || context.wrapped === true;
    yield follow(wrapper.node, { ...context, generatorObject: false, wrapped: opaque, head: opaque ? undefined : context.head }, walker);
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
      if (parent.init !== value || parent.id.type !== AST_NODE_TYPES.Identifier) break;
      for (const variable of walker.sourceCode.getDeclaredVariables(parent)) {
        yield followBinding(variable, parent, value, context, walker);
      }
      return;
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== value) break;
      if (parent.left.type === AST_NODE_TYPES.Identifier) {
        const reference = walker.sourceCode.getScope(parent).references.find((ref) => ref.identifier === parent.left);
        const variable = reference?.resolved;
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
  const close = closingCallOf(value);
  if (close) walker.events.push({ kind: 'close', node: close, ...context });
  const use = useOf(value, walker.lazyFunctions);
  if (use.kind === 'consumeAndLazy') {
    walker.events.push({ kind: 'consume', node: use.node, value, form: use.form, ...context });
    yield follow(use.node, context, walker);
  } else if (use.kind === 'consume') {
    walker.events.push({ kind: 'consume', node: use.node, value, form: use.form, ...context });
    // A generator that pulls from the iterator makes generator objects that are lazy in turn.
    for (const generator of generatorsAround(use.node, walker.pool.fn)) {
      for (const call of callsOf(generator, walker.sourceCode) ?? []) yield follow(call, { ...context, generatorObject: true }, walker);
    }
  } else if (use.kind === 'lazy') {
    const sameObject = use.node.type === AST_NODE_TYPES.AwaitExpression || use.node.type === AST_NODE_TYPES.TSNonNullExpression;
    yield follow(use.node, sameObject ? context : { ...context, generatorObject: false }, walker);
  }
}

/**
 * Everything that happens to the lazy value made at `start`. `poolItself`:
 * only its direct use counts. `visited` receives every node the flow reached.
 */
export function followLazyValue(
  start: TSESTree.Node,
  poolItself: boolean,
  pool: Pool,
  sourceCode: Readonly<TSESLint.SourceCode>,
  lazyFunctions: ReadonlySet<string>,
  types: TypeOracle | undefined,
  visited: Set<TSESTree.Node> = new Set(),
): FlowEvent[] {
  const walker: Walker = {
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

