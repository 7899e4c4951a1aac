/**
 * Assertions of failure: a use inside the function given to
 * `expect(…).toThrow()`, `assert.throws(…)` or `t.throws(…)`, or inside the
 * promise (or promise-returning function) given to `expect(…).rejects`,
 * `assert.rejects(…)` or `t.rejects(…)`, is a test that the use fails after
 * the close: both rules stay silent there. So is a use whose rejection an
 * inline handler asserts on (`it.next().catch((err) => t.is(err.code,
 * 'LEVEL_ITERATOR_NOT_OPEN'))`, also `.then(f, (err) => …)`): the test's way
 * of expecting a promise to fail. `expect(stmt.get()).toThrow()` (no
 * function) runs the use outside the assertion, `assert.doesNotThrow`
 * asserts that it works, and a handler that only logs the error or asserts
 * nothing on it (`.catch(console.error)`, `.catch(() => {})`) swallows it:
 * none is one.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleePath, findInFunctionBody, isFunction, memberName, outerValueNode } from './ast.js';

/** Assertion calls that take a function expected to throw, by their last name (`assert.throws`, `t.throws`, `throws`). */
const THROWS = new Set(['throws', 'throwsAsync']);
/** Assertion calls that take a promise (or a function returning one) expected to reject. */
const REJECTS = new Set(['rejects']);
/** Matchers on `expect(x)` that expect a failure: jest's and vitest's `toThrow`, chai's `to.throw`, `rejects`, `rejectedWith`. */
const FAILURE_MATCHERS = new Set(['toThrow', 'toThrowError', 'toThrowErrorMatchingSnapshot', 'toThrowErrorMatchingInlineSnapshot', 'throw', 'rejects', 'rejected', 'rejectedWith']);

/** Whether the `expect(…)` call's chain of members names a failure matcher (`expect(f).toThrow()`, `expect(p).rejects.toThrow()`). */
function expectsFailure(expectCall: TSESTree.CallExpression): { functionOnly: boolean } | undefined {
  for (let current: TSESTree.Node = outerValueNode(expectCall); ; ) {
    const parent = current.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) return undefined;
    const name = memberName(parent);
    if (name !== undefined && FAILURE_MATCHERS.has(name)) return { functionOnly: !name.startsWith('reject') };
    if (name === 'not') return undefined;
    current = outerValueNode(parent);
    // `expect(x).to.be.rejected`, or a call in the chain: `.rejects.toThrow()`.
    if (current.parent?.type === AST_NODE_TYPES.CallExpression && current.parent.callee === current) current = outerValueNode(current.parent);
  }
}

/** Whether `argument`, given to `call`, is what an assertion of failure expects to throw or reject. */
function isAssertedToFail(argument: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  if (call.arguments[0] !== argument) return false;
  const path = calleePath(call.callee);
  const last = path?.slice(path.lastIndexOf('.') + 1);
  if (last === undefined) return false;
  if (THROWS.has(last)) return isFunction(argument);
  if (REJECTS.has(last)) return true;
  if (path !== 'expect') return false;
  const expected = expectsFailure(call);
  return expected !== undefined && (!expected.functionOnly || isFunction(argument));
}

/** The first names of assertion calls: `t.is(…)` (tape, ava, node:test), `assert(…)`, `assert.equal(…)`, `expect(…)`. */
const ASSERTION_ROOTS = new Set(['t', 'assert', 'expect', 'chai', 'should']);

/** `(err) => t.is(err.code, 'X')`: an inline function whose body passes its first parameter to an assertion. */
function assertsOnError(handler: TSESTree.Node | undefined): boolean {
  if (!handler || !isFunction(handler)) return false;
  const [error] = handler.params;
  if (error?.type !== AST_NODE_TYPES.Identifier) return false;
  const names = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.Identifier && node.name === error.name;
  const assertion = findInFunctionBody(handler.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const root = calleePath(node.callee)?.split('.')[0];
    return root !== undefined && ASSERTION_ROOTS.has(root) && node.arguments.some((argument) => findInFunctionBody(argument, names) !== undefined);
  });
  return assertion !== undefined;
}

/** Whether the promise `node` makes is handed to a rejection handler that asserts on its error: `p.catch(h)`, `p.then(f, h)`. */
export function isRejectionAsserted(node: TSESTree.Node): boolean {
  const held = outerValueNode(node);
  const member = held.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== held) return false;
  const call = outerValueNode(member).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || outerValueNode(call.callee) !== outerValueNode(member)) return false;
  const name = memberName(member);
  if (name === 'catch') return assertsOnError(call.arguments[0]);
  return name === 'then' && assertsOnError(call.arguments[1]);
}

/** Whether `node` runs inside an assertion of failure (see the module comment). */
export function isInsideFailureAssertion(node: TSESTree.Node): boolean {
  if (isRejectionAsserted(node)) return true;
  for (let current: TSESTree.Node | undefined = node; current?.parent; current = current.parent) {
    const held = outerValueNode(current);
    const parent = held.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== held && isAssertedToFail(held, parent)) return true;
    if (held !== current) current = held;
  }
  return false;
}
