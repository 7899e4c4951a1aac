/**
 * What holds a pool: a binding (a scope variable), or, inside one class
 * method, a member path on `this` (`this.client`, `this.#db`,
 * `this.store.client`), read and written like a binding in that method.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { findInFunctionBody, innerValueNode, isFunction, outerValueNode, type FunctionNode } from '../core/ast.js';
import { variableOf } from '../core/variables.js';

/** A read or write of a pool's holder: `identifier` is the identifier, or the whole `this.…` member path. */
export interface PoolReference {
  identifier: TSESTree.Node;
  isRead(): boolean;
  isWrite(): boolean;
}

/** A scope variable, or a `this` path in one method: what the analysis needs of either. */
export interface PoolBinding {
  name: string;
  references: readonly PoolReference[];
  defs: readonly TSESLint.Scope.Definition[];
}

/** `this.client`, `this.#db`, `this.store.client` (no computed keys): the path's text, else undefined. */
export function thisPath(node: TSESTree.Node): string | undefined {
  const inner = innerValueNode(node);
  if (inner.type === AST_NODE_TYPES.ThisExpression) return 'this';
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed) return undefined;
  const object = thisPath(inner.object);
  if (object === undefined) return undefined;
  const property = inner.property;
  const name = property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${property.name}` : property.name;
  return `${object}.${name}`;
}

/** The class method whose `this` `node` sees: the nearest non-arrow function, when it is a method's value. */
export function methodAround(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunction(current) || current.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    return current.parent.type === AST_NODE_TYPES.MethodDefinition ? current : undefined;
  }
  return undefined;
}

function isWriteTarget(node: TSESTree.Node): boolean {
  const value = outerValueNode(node);
  const parent = value.parent;
  return parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === value;
}

const thisBindings = new WeakMap<FunctionNode, Map<string, PoolBinding>>();
/** Every `this.…` path's references in a method, found in one walk of its body on the first ask. */
const thisReferences = new WeakMap<FunctionNode, Map<string, PoolReference[]>>();

function thisPathReferences(method: FunctionNode): Map<string, PoolReference[]> {
  let byPath = thisReferences.get(method);
  if (byPath) return byPath;
  const found = new Map<string, PoolReference[]>();
  // Arrow functions share the method's `this`; other functions have their own.
  findInFunctionBody(
    method.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
      const path = thisPath(node);
      if (path === undefined) return false;
      const write = isWriteTarget(node);
      const reference: PoolReference = { identifier: node, isRead: () => !write, isWrite: () => write };
      const references = found.get(path);
      if (references) references.push(reference);
      else found.set(path, [reference]);
      return false;
    },
    true,
  );
  byPath = found;
  thisReferences.set(method, byPath);
  return byPath;
}

/** The binding of `path` in `method`: one object per method and path, so that pools group by it. */
function thisBinding(method: FunctionNode, path: string): PoolBinding {
  let byPath = thisBindings.get(method);
  if (!byPath) {
    byPath = new Map();
    thisBindings.set(method, byPath);
  }
  let binding = byPath.get(path);
  if (!binding) {
    const references = [...(thisPathReferences(method).get(path) ?? [])].sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
    binding = { name: path, references, defs: [] };
    byPath.set(path, binding);
  }
  return binding;
}

/** The binding a dispose call's target names: a variable with a declaration, or a `this` path inside a method. */
export function bindingOf(target: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): PoolBinding | undefined {
  if (target.type === AST_NODE_TYPES.Identifier) {
    const variable = variableOf(target, sourceCode);
    return variable && variable.defs.length > 0 ? variable : undefined;
  }
  const path = thisPath(target);
  if (path === undefined || path === 'this') return undefined;
  const method = methodAround(target);
  return method ? thisBinding(method, path) : undefined;
}
