/**
 * The drivers `no-pool-used-after-close` knows besides those of drivers.ts:
 * pools whose users meet them after the close as the pool itself, rarely
 * through a lazy value (worker pools, FTP clients, AMQP connections, Node's
 * `node:sqlite`, LevelDB). A binding's driver is the one drivers.ts finds,
 * else one of these. Each close here is abrupt: the pool fails, or quietly
 * revives, what is asked of it after the close (`shared` drivers' table on
 * the docs page).
 *
 * `promises`: the driver's methods return promises, so a call of one left
 * floating is an asynchronous operation; `sync`: its methods run before they
 * return (better-sqlite3, `node:sqlite`).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall } from '../core/ast.js';
import { calleeOrigin, importOf, type ModuleBinding } from '../core/imports.js';
import type { CloseDeclaration } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { driverOfBindingType, driverOfVariable, type Driver } from './drivers.js';
import { variableOf } from '../core/variables.js';

export interface UseDriver extends Driver {
  /** Its operations return promises (`pool.exec(…)`, `client.downloadTo(…)`). */
  promises?: boolean;
  /** Its operations are synchronous (better-sqlite3, `node:sqlite`): no call of it is left running. */
  sync?: boolean;
  /** Its methods that return at once, without an operation left running (amqplib's `publish`, buffered). */
  syncMethods?: ReadonlySet<string>;
  /** Its only methods that fail after the close, where the others are harmless then (readline's `question`). */
  onlyUses?: ReadonlySet<string>;
  /** A close called with `true` (workerpool's `terminate(true)`) is abrupt, whatever the method's own behaviour. */
  forcedByTrue?: boolean;
  /** Closing it ends an iteration by design (Deno's `Listener`): a cancellation idiom, never a use after close. */
  cancellation?: boolean;
}

/** workerpool: `terminate()` lets the tasks running finish (and rejects the queued ones); `terminate(true)` kills them. */
const workerpool: UseDriver = { name: 'workerpool', noun: 'worker pool', closes: { terminate: 'graceful' }, promises: true, forcedByTrue: true };
const basicFtp: UseDriver = { name: 'basic-ftp', noun: 'client', closes: { close: 'abrupt' }, promises: true };
/** amqplib buffers what is published and acknowledged; its close flushes the buffer first. */
const AMQP_SYNC = new Set(['publish', 'sendToQueue', 'ack', 'nack', 'ackAll', 'nackAll', 'reject']);
const amqpChannel: UseDriver = { name: 'amqplib', noun: 'channel', closes: { close: 'abrupt' }, promises: true, syncMethods: AMQP_SYNC };
const amqpConnection: UseDriver = {
  name: 'amqplib',
  noun: 'connection',
  closes: { close: 'abrupt' },
  promises: true,
  syncMethods: AMQP_SYNC,
  handsOut: { createChannel: amqpChannel, createConfirmChannel: amqpChannel },
};
const nodeSqlite: UseDriver = { name: 'node:sqlite', noun: 'database', closes: { close: 'abrupt' }, sync: true };
const level: UseDriver = { name: 'level', noun: 'database', closes: { close: 'abrupt' }, promises: true };
const sqlite: UseDriver = { name: 'sqlite', noun: 'database', closes: { close: 'abrupt' }, promises: true };

/**
 * A readline interface: after `close()`, `question()` throws ERR_USE_AFTER_CLOSE and the promise API's
 * rejects (as run on Node 20; on Node 17 it prompted and never called back, nodejs/node#42450), and `write()`
 * hung the process on Node 23.8 and throws since (nodejs/node#57678; on Node 20 it does nothing). `prompt()`,
 * `pause()`, `setPrompt()` and the rest do nothing harmful: no uses.
 */
const readlineInterface: UseDriver = { name: 'node:readline', noun: 'interface', closes: { close: 'abrupt' }, onlyUses: new Set(['question', 'write']) };

const FACTORIES: Readonly<Record<string, Readonly<Record<string, UseDriver>>>> = {
  readline: { createInterface: readlineInterface },
  'node:readline': { createInterface: readlineInterface },
  'readline/promises': { createInterface: { ...readlineInterface, promises: true } },
  'node:readline/promises': { createInterface: { ...readlineInterface, promises: true } },
  workerpool: { pool: workerpool },
  'basic-ftp': { Client: basicFtp },
  amqplib: { connect: amqpConnection },
  'amqplib/callback_api': { connect: { ...amqpConnection, promises: false } },
  sqlite: { open: sqlite },
  level: { Level: level, default: level },
  'classic-level': { ClassicLevel: level },
  'memory-level': { MemoryLevel: level },
  'node:sqlite': { DatabaseSync: nodeSqlite },
};

/** The drivers' types that name a pool in an annotation (`client: Client` from basic-ftp). */
const TYPES: Readonly<Record<string, Readonly<Record<string, UseDriver>>>> = {
  workerpool: { Pool: workerpool, WorkerPool: workerpool },
  'basic-ftp': { Client: basicFtp },
  amqplib: { Connection: amqpConnection, ChannelModel: amqpConnection, Channel: amqpChannel, ConfirmChannel: amqpChannel },
  'node:sqlite': { DatabaseSync: nodeSqlite },
};

/** `client: Client`, `ch: amqp.Channel`: the driver an annotation names in this module's table. */
function fromAnnotation(annotation: TSESTree.TypeNode, sourceCode: Readonly<TSESLint.SourceCode>): UseDriver | undefined {
  if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const typeName = annotation.typeName;
  if (typeName.type === AST_NODE_TYPES.Identifier) {
    const origin = importOf(typeName, sourceCode);
    return origin ? TYPES[origin.source]?.[origin.imported] : undefined;
  }
  if (typeName.type !== AST_NODE_TYPES.TSQualifiedName || typeName.left.type !== AST_NODE_TYPES.Identifier) return undefined;
  const namespace = importOf(typeName.left, sourceCode);
  return namespace ? TYPES[namespace.source]?.[typeName.right.name] : undefined;
}

/** What drivers.ts knows, seen by this rule: which of them run synchronously or return promises. */
const KNOWN: Readonly<Record<string, Pick<UseDriver, 'promises' | 'sync'>>> = {
  'better-sqlite3': { sync: true },
  'mysql2/promise': { promises: true },
  pg: { promises: true },
  mongodb: { promises: true },
  knex: { promises: true },
  piscina: { promises: true },
  mssql: { promises: true },
  ioredis: { promises: true },
  redis: { promises: true },
  undici: { promises: true },
};

/** `Deno.listen(…)`, `Deno.openKv(…)`: runtimes whose close ends a `for await` over them without an error. */
const CANCELLATION_CALLS = new Set(['Deno.listen', 'Deno.listenTls', 'Deno.listenDatagram', 'Deno.openKv', 'Deno.watchFs']);

function fromTable(origin: ModuleBinding | undefined): UseDriver | undefined {
  if (!origin) return undefined;
  // `default` and a whole `require` are the same export: the module itself.
  const name = origin.imported === '*' ? 'default' : origin.imported;
  return FACTORIES[origin.source]?.[name];
}

function calleePathOf(callee: TSESTree.Node): string | undefined {
  const inner = innerValueNode(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type !== AST_NODE_TYPES.MemberExpression || inner.computed || inner.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  const object = calleePathOf(inner.object);
  return object === undefined ? undefined : `${object}.${inner.property.name}`;
}

/** The driver a binding's initialiser names in this module's table, or by hand-out from such a pool. */
function fromInitialiser(init: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): UseDriver | undefined {
  let value = innerValueNode(init);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = innerValueNode(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression && value.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const path = calleePathOf(value.callee);
  if (path !== undefined && CANCELLATION_CALLS.has(path)) return { name: 'Deno', noun: 'listener', closes: {}, cancellation: true };
  const made = fromTable(calleeOrigin(value.callee, sourceCode));
  if (made || value.type !== AST_NODE_TYPES.CallExpression || depth > 2) return made;
  const method = methodCall(value);
  const receiver = method ? innerValueNode(method.member.object) : undefined;
  if (!method || receiver?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = variableOf(receiver, sourceCode);
  const owner = variable ? useDriverOf(variable, sourceCode, [], depth + 1) : undefined;
  return owner?.handsOut?.[method.name];
}

/** The driver of a pool's binding, for this rule: drivers.ts's answer (with what this rule adds), else this module's. */
export function useDriverOf(
  variable: { defs: readonly TSESLint.Scope.Definition[]; references: readonly { identifier: TSESTree.Node }[] },
  sourceCode: Readonly<TSESLint.SourceCode>,
  declared: readonly CloseDeclaration[],
  depth = 0,
  types?: TypeOracle,
): UseDriver | undefined {
  // Type-aware: the type the checker gives the binding, where its initialiser and annotation say nothing.
  const known = driverOfVariable(variable, sourceCode, declared) ?? driverOfBindingType(variable, types, declared);
  // A Node stream, socket or child process is no pool: its end() closes a write side only.
  if (known?.nodeStream || known?.childProcess) return undefined;
  if (known) return { ...known, ...KNOWN[known.name] };
  const definition = variable.defs[0];
  if (!definition) return undefined;
  if (definition.type === TSESLint.Scope.DefinitionType.Variable && definition.node.init) {
    const made = fromInitialiser(definition.node.init, sourceCode, depth);
    if (made) return made;
  }
  const name = definition.name as TSESTree.Node;
  const annotation = name.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  return annotation ? fromAnnotation(annotation, sourceCode) : undefined;
}
