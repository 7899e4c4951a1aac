/**
 * The reads of a binding that holds a lazy value, found once per binding: in
 * source order, sorted by the property they read (for a holder object), and
 * split by function (for a binding overwritten later), with the binary
 * searches that pick the reads after a write or before an overwrite.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, firstNodeFrom, memberName, outerValueNode } from '../core/ast.js';
import type { Overwrite } from '../core/overwritten-writes.js';

type ReadIdentifier = TSESLint.Scope.Reference['identifier'];

/** The reads of a holder binding, in source order, sorted out once by the property they read. */
interface HolderReads {
  all: ReadIdentifier[];
  /** Reads that are not the object of a property read: the holder used whole. */
  whole: ReadIdentifier[];
  /** `holder.key`, `(holder as T).key`: by key. */
  byValueKey: Map<string, ReadIdentifier[]>;
  /** `holder.key` exactly: by key. */
  byDirectKey: Map<string, ReadIdentifier[]>;
}

const holders = new WeakMap<TSESLint.Scope.Variable, HolderReads>();

export function holderReads(variable: TSESLint.Scope.Variable): HolderReads {
  let reads = holders.get(variable);
  if (reads) return reads;
  reads = { all: [], whole: [], byValueKey: new Map(), byDirectKey: new Map() };
  const add = (map: Map<string, ReadIdentifier[]>, key: string, identifier: ReadIdentifier): void => {
    const list = map.get(key);
    if (list) list.push(identifier);
    else map.set(key, [identifier]);
  };
  const identifiers = variable.references
    .filter((reference) => reference.isRead())
    .map((reference) => reference.identifier)
    .sort((a, b) => a.range[0] - b.range[0]);
  for (const identifier of identifiers) {
    reads.all.push(identifier);
    const value = outerValueNode(identifier);
    const member = value.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value) {
      reads.whole.push(identifier);
      continue;
    }
    const key = memberName(member);
    if (key === undefined) continue;
    add(reads.byValueKey, key, identifier);
    if (identifier.parent === member) add(reads.byDirectKey, key, identifier);
  }
  holders.set(variable, reads);
  return reads;
}

/** Each binding's reads in one function, and those in others, in source order: found once per binding and function. */
const readsByFunction = new WeakMap<TSESLint.Scope.Variable, Map<TSESTree.Node, { inside: ReadIdentifier[]; outside: ReadIdentifier[] }>>();

/**
 * The reads that may see a value the next statement overwrites: all but
 * those after the overwrite in the same function. Found by a binary search
 * in the function's reads, so that n values written in turn cost n lookups,
 * not n scans of the binding's reads.
 */
export function readsBefore(variable: TSESLint.Scope.Variable, overwrite: Overwrite): ReadIdentifier[] {
  let byFunction = readsByFunction.get(variable);
  if (!byFunction) {
    byFunction = new Map();
    readsByFunction.set(variable, byFunction);
  }
  let split = byFunction.get(overwrite.fn);
  if (!split) {
    const all = holderReads(variable).all;
    split = { inside: [], outside: [] };
    for (const identifier of all) (enclosingFunction(identifier) === overwrite.fn ? split.inside : split.outside).push(identifier);
    byFunction.set(overwrite.fn, split);
  }
  const { inside, outside } = split;
  const kept = inside.slice(0, firstNodeFrom(inside, overwrite.from));
  return outside.length > 0 ? [...kept, ...outside].sort((a, b) => a.range[0] - b.range[0]) : kept;
}

/** The identifiers of a sorted list that start after `node` ends. */
export function after(identifiers: readonly ReadIdentifier[], node: TSESTree.Node): ReadIdentifier[] {
  let low = 0;
  let high = identifiers.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((identifiers[middle]?.range[0] ?? Infinity) <= node.range[1]) low = middle + 1;
    else high = middle;
  }
  return identifiers.slice(low);
}
