/**
 * The walk up from a pool's reads through what they reach (member chains,
 * calls, `await`, const bindings, option objects), recording on the way the
 * lazy values made from the pool.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { methodCall, outerValueNode } from '../core/ast.js';
import { awaitEndsReach } from '../pools/eager-results.js';
import { isLazyCall, isLazyProperty } from './lazy-calls.js';
import { optionPoolCallsAt, responseOf } from './option-pools.js';
import { descriptorStreamAt } from './protocol-calls.js';
import type { Collector } from './source-search.js';
import { submittedReads } from './submitted-queries.js';
import { recordHelperValue } from './helper-values.js';
import { variableOf } from '../core/variables.js';

/** Calls that lead from a client to MongoDB's databases and collections. */
const DRIVER_PATH_METHODS = new Set(['db', 'collection']);

/** A binding that is only ever written by its declaration (`const`, or a `let` never reassigned). */
function singleAssignmentBinding(
  declarator: TSESTree.VariableDeclarator,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable | undefined {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const [variable] = sourceCode.getDeclaredVariables(declarator);
  if (!variable) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite());
  return writes.length <= 1 ? variable : undefined;
}

/** `let coll;` or `let coll = null` (or `undefined`): a declaration that holds nothing yet. */
function holdsNothing(declarator: TSESTree.VariableDeclarator): boolean {
  const init = declarator.init;
  if (!init) return true;
  if (init.type === AST_NODE_TYPES.Literal) return init.value === null;
  return init.type === AST_NODE_TYPES.Identifier && init.name === 'undefined';
}

/**
 * `let coll; … coll = client.db('x').collection('y')`: a `let` declared holding
 * nothing and assigned once, by `assignment`. Its reads after that assignment
 * hold what it was given (rule 17).
 */
function assignedOnce(
  assignment: TSESTree.AssignmentExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable | undefined {
  const target = assignment.left;
  if (assignment.operator !== '=' || target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(target, sourceCode);
  const definition = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || definition?.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
  if (definition.parent.kind !== 'let' || !holdsNothing(definition.node)) return undefined;
  const writes = variable.references.filter((reference) => reference.isWrite() && reference.init !== true);
  return writes.length === 1 && writes[0]?.identifier === target ? variable : undefined;
}

/** A node reached from the pool; `driver`: reached through MongoDB's `.db(…)` or `.collection(…)`. */
interface Reached {
  node: TSESTree.Node;
  driver: boolean;
  /** Reached through a plain property read since the last call (`client.topology.servers`): internals, not a handle. */
  viaProperty?: boolean;
}

/** Walk up from a value reached from the pool: member chains, calls, `await`, const bindings. */
export function walkReached(start: TSESTree.Node, collector: Collector): void {
  // Depth first, in source order, with the pending nodes in an array: a chain of bindings may be long.
  const pending: Reached[] = [{ node: start, driver: false }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const following = reachedFrom(next, collector);
    for (let index = following.length - 1; index >= 0; index--) pending.push(following[index] as Reached);
  }
}

/** One step of `walkReached`: records what `node` makes, and returns the nodes to walk on from. */
function reachedFrom({ node, driver, viaProperty }: Reached, collector: Collector): Reached[] {
  const value = outerValueNode(node);
  const parent = value.parent;
  if (!parent) return [];
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== value) return [];
      const member = outerValueNode(parent);
      const call = member.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === member) {
        const method = methodCall(call);
        if (method && isLazyCall(call, method.name, collector, driver, viaProperty === true)) {
          collector.found.set(call, false);
          if (driver && collector.settings.driverCursorMethods.has(method.name)) collector.driverCursors.add(call);
          // `const c = new Cursor(sql); client.query(c)`: `c` is the pool's lazy value from the call on.
          for (const read of submittedReads(call, collector.sourceCode)) {
            collector.found.set(read, false);
            collector.submittedBy.set(read, call);
          }
          return [];
        }
        return [{ node: call, driver: driver || (method !== undefined && DRIVER_PATH_METHODS.has(method.name)) }];
      }
      if (isLazyProperty(parent, collector)) {
        collector.found.set(parent, false);
        return [];
      }
      return [{ node: parent, driver, viaProperty: true }];
    }
    case AST_NODE_TYPES.Property: {
      // `createReadStream(path, { fd: handle })`: a stream that reads the pool's descriptor.
      const stream = descriptorStreamAt(value);
      if (stream) collector.found.set(stream, false);
      // `fetch(url, { dispatcher })`: the response's body is read through the pool.
      // `http.get(url, { agent }, (res) => …)`: the response is the callback's parameter.
      for (const call of optionPoolCallsAt(value, collector.sourceCode)) {
        const response = responseOf(call, collector.sourceCode);
        if (!response) continue;
        collector.found.set(response, false);
        collector.responses.add(response);
      }
      return [];
    }
    case AST_NODE_TYPES.CallExpression:
      // knex: `db('events')` is a query builder reached from the pool.
      if (parent.callee === value) return [{ node: parent, driver }];
      // Rule 16: a local helper that returns a lazy value made from its argument, or reads one.
      if (recordedHelperCall(parent, value, collector)) collector.found.set(parent, false);
      // Typed: a helper given the pool (`rowsOf(session, 'users')`) that returns an iterator.
      else if (collector.types?.lazinessOf(parent) === 'lazy') collector.found.set(parent, false);
      return [];
    case AST_NODE_TYPES.AwaitExpression:
      // An awaited call resolves to plain data, but for `await pool.connect()`.
      if (awaitEndsReach(value, collector.pool)) return [];
      return [{ node: parent, driver, viaProperty }];
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== value) return [];
      const variable = singleAssignmentBinding(parent, collector.sourceCode);
      if (!variable || collector.visited.has(variable)) return [];
      collector.visited.add(variable);
      return variable.references.flatMap((reference) => (reference.isRead() ? [{ node: reference.identifier, driver, viaProperty }] : []));
    }
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== value) return [];
      const variable = assignedOnce(parent, collector.sourceCode);
      if (!variable || collector.visited.has(variable)) return [];
      collector.visited.add(variable);
      // Only the reads after the assignment see the value: one before it (`if (!coll)`) sees nothing yet.
      const end = parent.range[1];
      return variable.references.flatMap((reference) =>
        reference.isRead() && reference.identifier.range[0] >= end ? [{ node: reference.identifier, driver, viaProperty }] : [],
      );
    }
    default:
      return [];
  }
}

/** Whether `call` is a local helper's that makes a lazy value of `argument` (rule 16): then recorded with what it makes. */
function recordedHelperCall(call: TSESTree.CallExpression, argument: TSESTree.Node, collector: Collector): boolean {
  const made = collector.helperCalls?.(call, argument);
  if (made) recordHelperValue(call, made);
  return made !== undefined;
}
