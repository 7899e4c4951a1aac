/**
 * Which driver made a pool, and what its closes do to the values it handed
 * out (rule 11): *abrupt* (later reads fail, stop short or hang), *graceful*
 * (the close waits for them) or *strict* (the close throws, or breaks the
 * process, while one is open). Each row is a fact of the drivers' docs or
 * code, listed with its source on the docs' drivers page.
 *
 * A driver is known from the pool's initialiser (`new Agent()` imported from
 * `undici`, `mysql.createConnection(…)`, `await pool.getConnection()` on such a
 * pool), from a type annotation naming one of the driver's types, or from the
 * `closes` option. Unknown drivers close abruptly, as the first editions assumed.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { innerValueNode, methodCall } from '../core/ast.js';
import { calleeOrigin, importOf, type ModuleBinding } from '../core/imports.js';
import type { CloseDeclaration } from '../core/options.js';
import type { TypeOracle } from '../core/types.js';
import { variableOf } from '../core/variables.js';

export type CloseBehaviour = 'abrupt' | 'graceful' | 'strict';

export interface Driver {
  /** The driver as messages name it: `mysql2`, `undici`. */
  name: string;
  /** What one of its pools is to its user: a connection, a database, a dispatcher. */
  noun: string;
  /** Each close method's behaviour; a method not listed closes abruptly. */
  closes: Readonly<Record<string, CloseBehaviour>>;
  /** What `using` / `await using` call: mysql2's `[Symbol.asyncDispose]` is `end()`. */
  disposes?: string;
  /** Hands out connections asynchronously: its close fails the values still waiting for one. */
  acquiresAsync?: boolean;
  /** Lazy methods whose values its graceful close does not wait for: a scan stream sends one command per read. */
  notAwaited?: ReadonlySet<string>;
  /** Its close fails, throws or crashes with a started value open (rule 13). */
  failsOpenValues?: boolean;
  /** `destroy()` on its stream does not end the query (mysql): only reading to the end finishes it. */
  destroyKeepsQuery?: boolean;
  /** `query(sql)` without a callback returns an emitter of `'result'` rows, and `end()` returns nothing to await (mysql's callback API). */
  queryEmitter?: boolean;
  /** `client.send(new GetObjectCommand(…))` resolves to an output whose `Body` is read through the client (the AWS SDK). */
  sendsBodies?: boolean;
  /** A child process: its `stdout` and `stderr` are its streams. */
  childProcess?: boolean;
  /** A Node stream or socket: its `readable` is a boolean flag. */
  nodeStream?: boolean;
  /**
   * Runs one query at a time, in order (pg's client): a query of the pool awaited after a stream started returns
   * only once the stream has been read to its end, so the stream is over by then.
   */
  queuesQueries?: boolean;
  /** Methods that hand out another pool of a known driver: `pool.getConnection()`. */
  handsOut?: Readonly<Record<string, Driver>>;
}

// mysql2's `destroy()` only half-closes the socket: as run (3.26), a stream being read still gets every row.
const mysqlConnection = (name: string): Driver => ({
  name,
  noun: 'connection',
  closes: { end: 'graceful', destroy: name === 'mysql2' ? 'graceful' : 'abrupt' },
  disposes: 'end',
  failsOpenValues: true,
  destroyKeepsQuery: name === 'mysql',
  queryEmitter: true,
});

/** A connection of a mysql pool: `release()` gives it back to the pool with the query still running. */
const mysqlPoolConnection = (name: string): Driver => ({
  ...mysqlConnection(name),
  closes: { release: 'abrupt', destroy: name === 'mysql2' ? 'graceful' : 'abrupt', end: 'graceful' },
  disposes: 'release',
});

const mysqlPool = (name: string): Driver => ({
  name,
  noun: 'pool',
  closes: { end: 'graceful' },
  disposes: 'end',
  acquiresAsync: true,
  handsOut: { getConnection: mysqlPoolConnection(name) },
});

/** mysql2's promise API: the same driver, whose `query` returns a promise of rows. */
const promiseApi = (driver: Driver): Driver => ({
  ...driver,
  queryEmitter: false,
  handsOut: driver.handsOut?.getConnection ? { getConnection: promiseApi(driver.handsOut.getConnection) } : undefined,
});

const mysqlTypes = (name: string): Record<string, Driver> => ({
  Connection: mysqlConnection(name),
  PoolConnection: mysqlPoolConnection(name),
  Pool: mysqlPool(name),
});

const pgClient: Driver = { name: 'pg', noun: 'client', closes: { end: 'abrupt', release: 'abrupt' }, failsOpenValues: true, queuesQueries: true };
const pgPool: Driver = { name: 'pg', noun: 'pool', closes: { end: 'graceful' }, handsOut: { connect: pgClient } };
const undiciDispatcher: Driver = { name: 'undici', noun: 'dispatcher', closes: { close: 'graceful', destroy: 'abrupt' } };
const httpAgent: Driver = { name: 'node:http', noun: 'agent', closes: { destroy: 'abrupt' } };
const awsClient: Driver = { name: 'the AWS SDK', noun: 'client', closes: { destroy: 'abrupt' }, sendsBodies: true };
const mongoClient: Driver = { name: 'mongodb', noun: 'client', closes: { close: 'abrupt' } };
const knexDatabase: Driver = { name: 'knex', noun: 'database', closes: { destroy: 'graceful' }, acquiresAsync: true };
const sqlite3Database: Driver = { name: 'sqlite3', noun: 'database', closes: { close: 'graceful' } };
const piscinaPool: Driver = { name: 'piscina', noun: 'worker pool', closes: { close: 'graceful', destroy: 'abrupt' } };
const mssqlPool: Driver = { name: 'mssql', noun: 'pool', closes: { close: 'graceful' }, acquiresAsync: true };
const tediousConnection: Driver = { name: 'tedious', noun: 'connection', closes: { close: 'abrupt' } };
const SCAN_STREAMS = new Set(['scanStream', 'sscanStream', 'hscanStream', 'zscanStream']);
const SCAN_ITERATORS = new Set(['scanIterator', 'hScanIterator', 'sScanIterator', 'zScanIterator']);
const ioredisClient: Driver = { name: 'ioredis', noun: 'client', closes: { quit: 'graceful', disconnect: 'abrupt' }, notAwaited: SCAN_STREAMS };
const redisClient: Driver = {
  name: 'redis',
  noun: 'client',
  closes: { close: 'graceful', quit: 'graceful', destroy: 'abrupt', disconnect: 'abrupt' },
  notAwaited: SCAN_ITERATORS,
};
const grpcClient: Driver = { name: '@grpc/grpc-js', noun: 'client', closes: { close: 'graceful' } };
const oracleConnection: Driver = { name: 'oracledb', noun: 'connection', closes: { close: 'strict' }, failsOpenValues: true };
const oraclePool: Driver = { name: 'oracledb', noun: 'pool', closes: { close: 'graceful' }, handsOut: { getConnection: oracleConnection } };
const betterSqlite3: Driver = { name: 'better-sqlite3', noun: 'database', closes: { close: 'strict' }, failsOpenValues: true };
const duckdb: Driver = { name: 'duckdb', noun: 'database', closes: { close: 'strict' }, failsOpenValues: true };
const streamZip: Driver = { name: 'node-stream-zip', noun: 'zip file', closes: { close: 'abrupt' }, failsOpenValues: true };
const nodeStream: Driver = { name: 'node', noun: 'stream', closes: {}, nodeStream: true };
const childProcess: Driver = { name: 'node:child_process', noun: 'child process', closes: {}, childProcess: true };
const denoChildProcess: Driver = { ...childProcess, name: 'Deno' };

/** A driver's exports that make pools: by module, the export's name (`default` for the module itself) and what it makes. */
const FACTORIES: Readonly<Record<string, Readonly<Record<string, Driver>>>> = {
  mysql: { createConnection: mysqlConnection('mysql'), createPool: mysqlPool('mysql') },
  mysql2: { createConnection: mysqlConnection('mysql2'), createPool: mysqlPool('mysql2') },
  // The promise API's `await conn.query(sql)` resolves to rows.
  'mysql2/promise': { createConnection: promiseApi(mysqlConnection('mysql2')), createPool: promiseApi(mysqlPool('mysql2')) },
  pg: { Client: pgClient, Pool: pgPool },
  undici: {
    Agent: undiciDispatcher,
    Pool: undiciDispatcher,
    Client: undiciDispatcher,
    BalancedPool: undiciDispatcher,
    ProxyAgent: undiciDispatcher,
    EnvHttpProxyAgent: undiciDispatcher,
    RetryAgent: undiciDispatcher,
  },
  http: { Agent: httpAgent, request: nodeStream, get: nodeStream },
  https: { Agent: httpAgent, request: nodeStream, get: nodeStream },
  net: { connect: nodeStream, createConnection: nodeStream, Socket: nodeStream },
  tls: { connect: nodeStream },
  fs: { createReadStream: nodeStream, createWriteStream: nodeStream },
  child_process: { spawn: childProcess, exec: childProcess, execFile: childProcess, fork: childProcess },
  mongodb: { MongoClient: mongoClient },
  knex: { default: knexDatabase, knex: knexDatabase },
  sqlite3: { Database: sqlite3Database },
  piscina: { default: piscinaPool, Piscina: piscinaPool },
  mssql: { ConnectionPool: mssqlPool, connect: mssqlPool },
  tedious: { Connection: tediousConnection },
  ioredis: { default: ioredisClient, Redis: ioredisClient, Cluster: ioredisClient },
  redis: { createClient: redisClient, createCluster: redisClient },
  '@grpc/grpc-js': { Client: grpcClient },
  oracledb: { getConnection: oracleConnection, createPool: oraclePool },
  'better-sqlite3': { default: betterSqlite3 },
  duckdb: { Database: duckdb, Connection: { ...duckdb, noun: 'connection' } },
  'node-stream-zip': { async: streamZip },
};

/** A driver's types that name a pool in an annotation (`conn: PoolConnection`), by module. */
const TYPES: Readonly<Record<string, Readonly<Record<string, Driver>>>> = {
  mysql: mysqlTypes('mysql'),
  mysql2: mysqlTypes('mysql2'),
  'mysql2/promise': Object.fromEntries(Object.entries(mysqlTypes('mysql2')).map(([name, driver]) => [name, promiseApi(driver)])),
  pg: { Client: pgClient, PoolClient: pgClient, Pool: pgPool },
  undici: { Agent: undiciDispatcher, Pool: undiciDispatcher, Client: undiciDispatcher, Dispatcher: undiciDispatcher },
  mongodb: { MongoClient: mongoClient },
  knex: { Knex: knexDatabase },
  'better-sqlite3': { Database: betterSqlite3 },
  oracledb: { Connection: oracleConnection },
  ioredis: { Redis: ioredisClient, default: ioredisClient },
  redis: { RedisClientType: redisClient },
};

const stripNodePrefix = (source: string): string => (source.startsWith('node:') ? source.slice(5) : source);

/** `default` and a whole `require` are the same export: the module itself. */
const exportName = (imported: string): string => (imported === '*' ? 'default' : imported);

function fromTable(
  table: Readonly<Record<string, Readonly<Record<string, Driver>>>>,
  origin: ModuleBinding | undefined,
  declared: readonly CloseDeclaration[],
): Driver | undefined {
  if (!origin) return undefined;
  const source = stripNodePrefix(origin.source);
  const name = exportName(origin.imported);
  // The AWS SDK v3: every `new XClient(…)` of an `@aws-sdk/client-…` package.
  const known = source.startsWith('@aws-sdk/client-') && name.endsWith('Client') ? awsClient : table[source]?.[name];
  const declaration = declared.find((entry) => entry.module === origin.source || entry.module === source);
  if (!declaration) return known;
  const closes = Object.fromEntries(declaration.methods.map((method) => [method, declaration.behaviour]));
  // A declaration says what the closes do, not what the pool is: a known driver's pool keeps its noun.
  const noun = known?.noun ?? 'pool';
  return { name: declaration.module, noun, closes, ...(declaration.failsOpenValues === true && { failsOpenValues: true }) };
}

/** `require('m')(…)`: a call of a required module itself (knex's `require('knex')(config)`). */
function requiredCallee(callee: TSESTree.Node): ModuleBinding | undefined {
  const inner = innerValueNode(callee);
  if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const [argument] = inner.arguments;
  return inner.callee.name === 'require' && argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string'
    ? { source: argument.value, imported: '*' }
    : undefined;
}

/** What a binding's initialiser says of its driver: a factory of a known module, or a hand-out of a known pool. */
export function driverOfInitialiser(
  init: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  declared: readonly CloseDeclaration[],
  depth = 0,
): Driver | undefined {
  let value = innerValueNode(init);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = innerValueNode(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression && value.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const origin = calleeOrigin(value.callee, sourceCode) ?? requiredCallee(value.callee);
  const made = fromTable(FACTORIES, origin, declared);
  if (made) return made;
  // `await pool.getConnection()`, `await pool.connect()`: what a pool of a known driver hands out.
  if (value.type !== AST_NODE_TYPES.CallExpression || depth > 2) return undefined;
  const method = methodCall(value);
  // Deno: `new Deno.Command(cmd).spawn()`.
  if (method?.name === 'spawn' && innerValueNode(method.member.object).type === AST_NODE_TYPES.NewExpression) return denoChildProcess;
  const receiver = method ? innerValueNode(method.member.object) : undefined;
  if (!method || receiver?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const owner = driverOfBinding(receiver, sourceCode, declared, depth + 1);
  return owner?.handsOut?.[method.name];
}

/** `conn: PoolConnection`, `db: Database.Database`, `client: mysql.Connection`: the driver a type annotation names. */
function driverOfAnnotation(
  annotation: TSESTree.TypeNode,
  sourceCode: Readonly<TSESLint.SourceCode>,
  declared: readonly CloseDeclaration[],
): Driver | undefined {
  if (annotation.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = annotation.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return fromTable(TYPES, importOf(name, sourceCode), declared);
  if (name.type !== AST_NODE_TYPES.TSQualifiedName || name.left.type !== AST_NODE_TYPES.Identifier) return undefined;
  const namespace = importOf(name.left, sourceCode);
  if (!namespace) return undefined;
  // `Database.Database` of better-sqlite3's default export names the module's own class.
  const imported = namespace.source === 'better-sqlite3' && name.right.name === 'Database' ? 'Database' : name.right.name;
  return fromTable(TYPES, { source: namespace.source, imported }, declared);
}

/**
 * Type-aware mode: the driver the checker's type of a pool's binding names, where neither its initialiser nor
 * an annotation does (`const conn = await getConnection()` of a helper in another module typed
 * `Promise<PoolConnection>`). The type must be declared in the driver's package under one of its types' names.
 */
export function driverOfBindingType(
  variable: { references: readonly { identifier: TSESTree.Node }[] },
  types: TypeOracle | undefined,
  declared: readonly CloseDeclaration[],
): Driver | undefined {
  const first = variable.references[0]?.identifier;
  const type = first && types?.declaredTypeOf(first);
  if (!type) return undefined;
  // mysql2's promise API declares its own classes, in promise.d.ts.
  const source = type.module === 'mysql2' && /(?:^|\/)promise\.d\.ts$/.test(type.file) ? 'mysql2/promise' : type.module;
  return fromTable(TYPES, { source, imported: type.name }, declared);
}

/** The driver of the pool an identifier refers to, from its binding's initialiser or type annotation. */
export function driverOfBinding(
  identifier: TSESTree.Identifier,
  sourceCode: Readonly<TSESLint.SourceCode>,
  declared: readonly CloseDeclaration[],
  depth = 0,
): Driver | undefined {
  const variable = variableOf(identifier, sourceCode);
  return variable ? driverOfVariable(variable, sourceCode, declared, depth) : undefined;
}

/** The driver of a binding: its declarator's initialiser, else the type annotation of its declaration or parameter. */
export function driverOfVariable(
  variable: { defs: readonly TSESLint.Scope.Definition[] },
  sourceCode: Readonly<TSESLint.SourceCode>,
  declared: readonly CloseDeclaration[],
  depth = 0,
): Driver | undefined {
  const definition = variable.defs[0];
  if (!definition) return undefined;
  if (definition.type === TSESLint.Scope.DefinitionType.Variable && definition.node.init) {
    const made = driverOfInitialiser(definition.node.init, sourceCode, declared, depth);
    if (made) return made;
  }
  const name = definition.name as TSESTree.Node;
  const annotation = name.type === AST_NODE_TYPES.Identifier ? name.typeAnnotation?.typeAnnotation : undefined;
  return annotation ? driverOfAnnotation(annotation, sourceCode, declared) : undefined;
}
