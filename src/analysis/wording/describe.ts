/**
 * Short source text for messages: the code as written, with argument lists
 * and function bodies cut to `…`, whitespace and line breaks normalised, so
 * that `client.db('app').collection('users').find({ a: 1 })` reads
 * `client.db(…).collection(…).find(…)` and `(client as any).close()` keeps
 * its parentheses and spaces. An argument list is cut from its `(` to its
 * `)`, so that one written over several lines with a trailing comma reads
 * `client.query(…)`; text still too long is cut at a `.` of the chain (or a
 * space), never inside a name.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, isNode } from '../core/ast.js';

const MAX_LENGTH = 60;

/** The range between a call's parentheses: from after its `(` to before its closing `)`. */
function argumentsRange(node: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Range | undefined {
  const first = node.arguments[0];
  if (!first) return undefined;
  const after = node.typeArguments ?? node.callee;
  const open = sourceCode.getTokenAfter(after, { filter: (token) => token.value === '(' && token.range[1] <= first.range[0] });
  const close = sourceCode.getLastToken(node);
  if (!open || close?.value !== ')') return undefined;
  return [open.range[1], close.range[0]];
}

/** The source ranges inside `root` that the excerpt shows as `…`: argument lists and function bodies. */
function elisions(root: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): { range: TSESTree.Range; text: string }[] {
  const cut: { range: TSESTree.Range; text: string }[] = [];
  const pending: TSESTree.Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (isFunction(node)) {
      const block = node.type !== AST_NODE_TYPES.ArrowFunctionExpression;
      cut.push({ range: node.body.range, text: block ? '{…}' : '…' });
      continue;
    }
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      const range = argumentsRange(node, sourceCode);
      if (range) cut.push({ range, text: '…' });
      pending.push(node.callee);
      continue;
    }
    const fields = node as unknown as Record<string, unknown>;
    for (const key in fields) {
      if (key === 'parent' || key === 'loc' || key === 'range' || key === 'typeAnnotation') continue;
      const value = fields[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) pending.push(child);
      } else if (isNode(value)) pending.push(value);
    }
  }
  return cut.sort((a, b) => a.range[0] - b.range[0]);
}

/** One line of text: a line break before `.` or `?.` joins the chain, other runs of whitespace become one space. */
function flatten(text: string): string {
  return text
    .replace(/\s*\n\s*(?=\??\.)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where text may be cut: before each `.` of a member access (not of a `...` or a number), else before each space. */
function cutPoints(text: string): number[] {
  const dots = [...text.matchAll(/(?<![.\d])\??\.(?=[\p{L}_$#])/gu)].map((match) => match.index);
  return dots.length > 0 ? dots : [...text.matchAll(/ /g)].map((match) => match.index);
}

/**
 * Text over the limit keeps its start and its end (the call that made the
 * value), with `…` between, each cut at a cut point: `this.client.db(…)….find(…)`.
 * Without cut points in reach it keeps the end alone.
 */
function clip(text: string): string {
  if (text.length <= MAX_LENGTH) return text;
  const points = cutPoints(text);
  const tailBudget = MAX_LENGTH - 1 - Math.floor((MAX_LENGTH - 1) / 3);
  const tailStart = points.find((at) => at > 0 && text.length - at <= tailBudget);
  if (tailStart === undefined) {
    // One long name or literal: its end, not starting inside a surrogate pair.
    let start = text.length - (MAX_LENGTH - 1);
    if (/[\uDC00-\uDFFF]/.test(text.charAt(start))) start += 1;
    return `…${text.slice(start)}`;
  }
  const headBudget = MAX_LENGTH - 1 - (text.length - tailStart);
  const headEnd = points.filter((at) => at > 0 && at <= headBudget && at < tailStart).at(-1);
  return headEnd === undefined ? `…${text.slice(tailStart)}` : `${text.slice(0, headEnd)}…${text.slice(tailStart)}`;
}

/** `node` as the source writes it, shortened for a message. */
export function excerpt(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.text;
  let out = '';
  let at = node.range[0];
  for (const { range, text: shown } of elisions(node, sourceCode)) {
    out += text.slice(at, range[0]) + shown;
    at = range[1];
  }
  out += text.slice(at, node.range[1]);
  return clip(flatten(out));
}
