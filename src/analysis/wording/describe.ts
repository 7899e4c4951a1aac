/**
 * Short source text for messages: the code as written, with argument lists
 * and function bodies cut to `…`, whitespace and line breaks normalised, so
 * that `client.db('app').collection('users').find({ a: 1 })` reads
 * `client.db(…).collection(…).find(…)` and `(client as any).close()` keeps
 * its parentheses and spaces.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, isNode } from '../core/ast.js';

const MAX_LENGTH = 60;

/** The source ranges inside `root` that the excerpt shows as `…`: argument lists and function bodies. */
function elisions(root: TSESTree.Node): { range: TSESTree.Range; text: string }[] {
  const cut: { range: TSESTree.Range; text: string }[] = [];
  const pending: TSESTree.Node[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (isFunction(node)) {
      const block = node.type !== AST_NODE_TYPES.ArrowFunctionExpression;
      cut.push({ range: node.body.range, text: block ? '{…}' : '…' });
      continue;
    }
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      const first = node.arguments[0];
      const last = node.arguments.at(-1);
      if (first && last) cut.push({ range: [first.range[0], last.range[1]], text: '…' });
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

/** Text over the limit keeps its start and its end (the call that made the value), with `…` between. */
function clip(text: string): string {
  if (text.length <= MAX_LENGTH) return text;
  const head = Math.floor((MAX_LENGTH - 1) / 3);
  return `${text.slice(0, head)}…${text.slice(text.length - (MAX_LENGTH - 1 - head))}`;
}

/** `node` as the source writes it, shortened for a message. */
export function excerpt(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const text = sourceCode.text;
  let out = '';
  let at = node.range[0];
  for (const { range, text: shown } of elisions(node)) {
    out += text.slice(at, range[0]) + shown;
    at = range[1];
  }
  out += text.slice(at, node.range[1]);
  return clip(flatten(out));
}
