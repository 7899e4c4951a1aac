/**
 * Pools given as options (rule 14): a call given the pool as the `dispatcher`
 * or `agent` of an object argument (`fetch(url, { dispatcher })`, undici's
 * `request`, node-fetch's `{ agent }`), in place, spread from another object,
 * or through a `const` bound to an object literal, makes a response whose body
 * is read through the pool. The AWS SDK's clients are pools the same way: the
 * `Body` of what `client.send(new GetObjectCommand(…))` resolves to.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, innerValueNode, isFunction, outerValueNode, staticPropertyName } from '../core/ast.js';
import { calleeOrigin } from '../core/imports.js';
import { variableOf } from '../core/variables.js';

/** The option keys that hand a call the pool its response is read through. */
const POOL_OPTIONS = new Set(['dispatcher', 'agent']);

/** Calls that read the whole body into a writable they are given, and so are over once awaited: undici's `stream`. */
const WRITES_WHOLE_BODY = new Set(['stream']);

/** The call `argument` is given to, where it is one of its arguments (an object literal or a spread of one). */
function callTaking(argument: TSESTree.Node): TSESTree.CallExpression | undefined {
  const held = outerValueNode(argument);
  const parent = held.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== held) return parent;
  // `{ ...options, method: 'POST' }` given to the call.
  if (parent?.type === AST_NODE_TYPES.SpreadElement && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    return callTaking(parent.parent);
  }
  return undefined;
}

/** The calls an object literal reaches as an argument: in place, or through the reads of the `const` it is bound to. */
function callsGiven(object: TSESTree.ObjectExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] {
  const direct = callTaking(object);
  if (direct) return [direct];
  const declarator = outerValueNode(object).parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== outerValueNode(object)) return [];
  if (declarator.parent.kind !== 'const') return [];
  return sourceCode
    .getDeclaredVariables(declarator)
    .flatMap((variable) => variable.references)
    .filter((reference) => reference.isRead())
    .flatMap((reference) => {
      const call = callTaking(reference.identifier);
      return call ? [call] : [];
    });
}

/**
 * For `value` (the pool, or what holds it) as the value of a `dispatcher` or
 * `agent` property: the calls whose responses are read through it.
 */
export function optionPoolCallsAt(value: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] {
  const held = outerValueNode(value);
  const property = held.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== held || property.kind !== 'init') return [];
  const key = staticPropertyName(property.key, property.computed);
  if (key === undefined || !POOL_OPTIONS.has(key) || property.parent.type !== AST_NODE_TYPES.ObjectExpression) return [];
  return callsGiven(property.parent, sourceCode).filter((call) => !WRITES_WHOLE_BODY.has(calleeName(call.callee) ?? ''));
}

/** Node's modules whose `get` and `request` hand the response to a callback. */
const CALLBACK_RESPONSE_MODULES = new Set(['http', 'https', 'node:http', 'node:https']);

/**
 * The response of a call given the pool as an option: the call's (awaited)
 * value, or for Node's `http.get(url, { agent }, (res) => …)` and
 * `https.request(…)` (by the callee's module, the last argument a function) the
 * callback's first parameter; the call itself gives the request. Undefined
 * when that parameter is no plain binding (`({ statusCode }) => …`).
 */
export function responseOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  const callback = call.arguments.at(-1);
  if (!callback || !isFunction(callback)) return call;
  const origin = calleeOrigin(call.callee, sourceCode);
  const fromNode = origin !== undefined && CALLBACK_RESPONSE_MODULES.has(origin.source) && (origin.imported === 'get' || origin.imported === 'request');
  if (!fromNode) return call;
  const [response] = callback.params;
  return response?.type === AST_NODE_TYPES.Identifier ? response : undefined;
}

/** The AWS SDK commands whose output has a streamed `Body`. */
const STREAMING_COMMANDS = new Set(['GetObjectCommand']);

/** `client.send(new GetObjectCommand(…))`, or a `const` bound to one: a streamed body read through the client. */
export function sendsStreamingCommand(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const [first] = call.arguments;
  if (!first) return false;
  let command = innerValueNode(first);
  if (command.type === AST_NODE_TYPES.Identifier) {
    const definition = variableOf(command, sourceCode)?.defs[0];
    if (definition?.type !== TSESLint.Scope.DefinitionType.Variable || !definition.node.init) return false;
    command = innerValueNode(definition.node.init);
  }
  return command.type === AST_NODE_TYPES.NewExpression && STREAMING_COMMANDS.has(calleeName(command.callee) ?? '');
}
