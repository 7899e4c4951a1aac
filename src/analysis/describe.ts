/**
 * Short source text for messages: call arguments become `…`, so that
 * `client.db('app').collection('users').find({ a: 1 })` reads
 * `client.db(…).collection(…).find(…)`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

const MAX_LENGTH = 60;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_LENGTH ? `${flat.slice(0, MAX_LENGTH - 1)}…` : flat;
}

export function abbreviate(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  switch (node.type) {
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return `${node.async ? 'async ' : ''}() => …`;
    case AST_NODE_TYPES.FunctionExpression:
      return `${node.async ? 'async ' : ''}function${node.generator ? '*' : ''} ${node.id ? `${node.id.name} ` : ''}() {…}`;
    case AST_NODE_TYPES.CallExpression:
      if (node.callee.type === AST_NODE_TYPES.ArrowFunctionExpression || node.callee.type === AST_NODE_TYPES.FunctionExpression) {
        return `(${abbreviate(node.callee, sourceCode)})()`;
      }
      return `${abbreviate(node.callee, sourceCode)}${node.optional ? '?.' : ''}(${node.arguments.length > 0 ? '…' : ''})`;
    case AST_NODE_TYPES.NewExpression:
      return `new ${abbreviate(node.callee, sourceCode)}(${node.arguments.length > 0 ? '…' : ''})`;
    case AST_NODE_TYPES.MemberExpression: {
      const object = abbreviate(node.object, sourceCode);
      if (node.computed) return `${object}${node.optional ? '?.' : ''}[${clip(sourceCode.getText(node.property))}]`;
      return `${object}${node.optional ? '?.' : '.'}${sourceCode.getText(node.property)}`;
    }
    case AST_NODE_TYPES.ArrayExpression:
      return clip(`[${node.elements.map((element) => (element ? abbreviate(element, sourceCode) : '')).join(', ')}]`);
    case AST_NODE_TYPES.ObjectExpression:
      return clip(
        `{ ${node.properties
          .map((property) =>
            property.type === AST_NODE_TYPES.Property && !property.computed && !property.shorthand
              ? `${sourceCode.getText(property.key)}: ${abbreviate(property.value, sourceCode)}`
              : abbreviate(property, sourceCode),
          )
          .join(', ')} }`,
      );
    case AST_NODE_TYPES.SpreadElement:
      return `...${abbreviate(node.argument, sourceCode)}`;
    case AST_NODE_TYPES.AwaitExpression:
      return `await ${abbreviate(node.argument, sourceCode)}`;
    case AST_NODE_TYPES.ChainExpression:
      return abbreviate(node.expression, sourceCode);
    case AST_NODE_TYPES.TSNonNullExpression:
      return `${abbreviate(node.expression, sourceCode)}!`;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return clip(
        `${abbreviate(node.expression, sourceCode)} ${node.type === AST_NODE_TYPES.TSAsExpression ? 'as' : 'satisfies'} ${sourceCode.getText(node.typeAnnotation)}`,
      );
    default:
      return clip(sourceCode.getText(node));
  }
}
